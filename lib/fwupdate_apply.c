/*
 * fwupdate_apply.c: from a fetched file to an armed bank (FIRMWARE.md
 * section 3.3, DOWNLOADING -> VERIFYING -> INSTALLING -> ARMED): the
 * FileSize check, the image check, the downgrade policy, invalidating the
 * target bank in the boot environment before its flash is touched, the
 * install, and the single boot environment commit that arms it.  Each phase
 * is journaled first; an injected power cut stops right where it is named.
 */
#include "config.h"

#include <sys/stat.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/fwupdate.h"
#include "lib/fwupdate_int.h"

static int
power_cut(struct fwupdate *fw, struct fwupdate_result *res)
{
	fwupdate_cut_fired(fw);
	res->power_cut = true;
	snprintf(res->fault_string, sizeof(res->fault_string),
	    "power cut (injected)");
	return 0;
}

/* Records the failure as the TC; returns 0 (no reboot) or -1. */
static int
failed(struct fwupdate *fw, struct fwupdate_result *res, int code,
    const char *msg, enum fwupdate_image_status st)
{
	const char *errstr;

	res->fault_code = code;
	strlcpy(res->fault_string, msg, sizeof(res->fault_string));
	if (fwupdate_finish_failed(fw, code, msg, st, &errstr) == -1) {
		res->fault_code = FWUPDATE_FAULT_INTERNAL;
		strlcpy(res->fault_string, errstr, sizeof(res->fault_string));
		return -1;
	}
	return 0;
}

static int
internal(struct fwupdate *fw, struct fwupdate_result *res, const char *errstr)
{
	failed(fw, res, FWUPDATE_FAULT_INTERNAL, errstr,
	    FWUPDATE_IMAGE_INSTALLATIONFAILED);
	return -1;
}

/* FileSize and ceiling (section 7: short file 9017, long file 9010). */
static int
size_check(struct fwupdate *fw, struct fwupdate_result *res, int *code)
{
	uint64_t want = fw->jr.file_size;
	struct stat st;

	*code = 0;
	if (stat(fw->download, &st) == -1 || !S_ISREG(st.st_mode)) {
		*code = FWUPDATE_FAULT_INCOMPLETE;
		snprintf(res->fault_string, sizeof(res->fault_string),
		    "downloaded file missing");
	} else if (want > 0 && (uint64_t)st.st_size < want) {
		*code = FWUPDATE_FAULT_INCOMPLETE;
		snprintf(res->fault_string, sizeof(res->fault_string),
		    "file shorter than FileSize: %lld of %llu bytes",
		    (long long)st.st_size, (unsigned long long)want);
	} else if ((want > 0 && (uint64_t)st.st_size > want) ||
	    (uint64_t)st.st_size > fwupdate_max_file_size(fw)) {
		*code = FWUPDATE_FAULT_TRANSFER;
		snprintf(res->fault_string, sizeof(res->fault_string),
		    "file larger than FileSize or the slot: %lld bytes",
		    (long long)st.st_size);
	}
	return *code == 0 ? 0 : -1;
}

static void
policy_init(struct fwupdate *fw, struct fwimage_policy *pol)
{
	memset(pol, 0, sizeof(*pol));
	pol->model = fw->conf.model;
	pol->hw_revision = fw->conf.hw_revision;
	memcpy(pol->keys, fw->conf.keys, sizeof(pol->keys));
	pol->nkeys = fw->conf.nkeys;
}

static int
set_phase(struct fwupdate *fw, enum fwupdate_phase ph,
    enum fwupdate_image_status st, const char **errstr)
{
	fw->jr.phase = ph;
	if (fwupdate_journal_save(fw, errstr) == -1)
		return -1;
	fw->banks[fw->jr.target].info.status = st;
	return fwupdate_bank_save(fw, fw->jr.target, errstr);
}

/* VERIFYING -> INSTALLING: the target leaves BOOT_ORDER before any write. */
static int
invalidate_target(struct fwupdate *fw, const struct fwimage *img,
    const char **errstr)
{
	const struct fwimage_manifest *m = fwimage_manifest(img);
	struct fwupdate_bank *b = &fw->banks[fw->jr.target];

	strlcpy(fw->jr.expected_version, m->version,
	    sizeof(fw->jr.expected_version));
	fwimage_sha256_hex(fw->jr.digest, fwimage_manifest_digest(img));
	fw->jr.phase = FWUPDATE_PHASE_INSTALLING;
	if (fwupdate_journal_save(fw, errstr) == -1)
		return -1;
	fwupdate_bootenv_drop(fw, fw->jr.target);
	if (fw->env.boot_image == fw->jr.target)
		fw->env.boot_image = fw->jr.old;
	if (fwupdate_bootenv_commit(fw, errstr) == -1)
		return -1;
	memset(b->comp, 0, sizeof(b->comp));
	b->info.version[0] = '\0';
	b->info.boot_failure_log[0] = '\0';
	b->info.available = false;
	b->boot_fail = 0;
	b->boot_fail_reason[0] = '\0';
	return fwupdate_bank_save(fw, fw->jr.target, errstr);
}

static int
record_installed(struct fwupdate *fw, const struct fwimage *img,
    const char **errstr)
{
	const struct fwimage_manifest *m = fwimage_manifest(img);
	struct fwupdate_bank *b = &fw->banks[fw->jr.target];

	strlcpy(b->info.version, m->version, sizeof(b->info.version));
	b->info.available = true;
	b->info.status = FWUPDATE_IMAGE_AVAILABLE;
	b->boot_fail = m->boot_fail;
	strlcpy(b->boot_fail_reason, m->boot_fail_reason,
	    sizeof(b->boot_fail_reason));
	(void)unlink(fw->download);
	return fwupdate_bank_save(fw, fw->jr.target, errstr);
}

/* FileType 6: installed and Available, not armed; done now (D1). */
static int
stored_only(struct fwupdate *fw, struct fwupdate_result *res)
{
	struct fwupdate_journal *j = &fw->jr;
	struct fwupdate_tc tc;
	const char *errstr;

	memset(&tc, 0, sizeof(tc));
	strlcpy(tc.command_key, j->command_key, sizeof(tc.command_key));
	tc.start_time = j->start_time;
	tc.complete_time = fwupdate_now(fw);
	strlcpy(tc.old_version, j->old_version, sizeof(tc.old_version));
	if (fwupdate_tc_save(fw, j->id, &tc, false, &errstr) == -1 ||
	    fwupdate_journal_remove(fw, &errstr) == -1)
		return internal(fw, res, errstr);
	return 0;
}

/* INSTALLING -> ARMED: one boot environment commit is the switch. */
static int
arm(struct fwupdate *fw, struct fwupdate_result *res)
{
	const char *errstr;

	if (fw->cut == FWUPDATE_CUT_ARM)
		flash_sim_cut_after(fw->nor, 2);
	fwupdate_bootenv_first(fw, fw->jr.target);
	fw->env.upgrade_available = true;
	fw->env.boot_image = fw->jr.target;
	if (fwupdate_bootenv_commit(fw, &errstr) == -1) {
		if (flash_sim_is_cut(fw->nor))
			return power_cut(fw, res);
		return internal(fw, res, errstr);
	}
	fw->jr.phase = FWUPDATE_PHASE_ARMED;
	if (fwupdate_journal_save(fw, &errstr) == -1)
		return internal(fw, res, errstr);
	if (fw->cut == FWUPDATE_CUT_ARMED)
		return power_cut(fw, res);
	res->reboot = true;
	return 1;
}

static int
install(struct fwupdate *fw, const struct fwimage *img,
    struct fwupdate_result *res)
{
	const struct fwimage_manifest *m = fwimage_manifest(img);
	const char *errstr;
	char msg[FWUPDATE_FAULTSTRING_MAX + 1];
	int fault, rv;

	if (fw->conf.refuse_downgrade &&
	    strverscmp(m->version, fwupdate_version(fw)) <= 0) {
		snprintf(msg, sizeof(msg), "downgrade refused: %s to %s",
		    fwupdate_version(fw), m->version);
		return failed(fw, res, FWUPDATE_FAULT_TRANSFER, msg,
		    FWUPDATE_IMAGE_VALIDATIONFAILED);
	}
	if (invalidate_target(fw, img, &errstr) == -1)
		return internal(fw, res, errstr);
	rv = fwupdate_bank_install(fw, fw->jr.target, img, &fault, msg,
	    sizeof(msg));
	if (rv == -2)
		return power_cut(fw, res);
	if (rv == -1)
		return failed(fw, res, fault, msg,
		    FWUPDATE_IMAGE_INSTALLATIONFAILED);
	if (record_installed(fw, img, &errstr) == -1)
		return internal(fw, res, errstr);
	if (fw->jr.no_activate)
		return stored_only(fw, res);
	return arm(fw, res);
}

int
fwupdate_apply(struct fwupdate *fw, const struct fwupdate_download *dl,
    struct fwupdate_result *res)
{
	struct fwimage_policy pol;
	struct fwimage *img;
	const char *errstr;
	int code, rv;

	memset(res, 0, sizeof(*res));
	if (fw->dead || fw->running < 0) {
		res->fault_code = FWUPDATE_FAULT_INTERNAL;
		strlcpy(res->fault_string, "device not running",
		    sizeof(res->fault_string));
		return -1;
	}
	if (fw->jr.phase == FWUPDATE_PHASE_NONE &&
	    fwupdate_begin(fw, dl, &errstr) == -1)
		return internal(fw, res, errstr);
	if (fw->jr.phase != FWUPDATE_PHASE_DOWNLOADING)
		return internal(fw, res, "no transfer in progress");
	if (fw->cut == FWUPDATE_CUT_DOWNLOAD)
		return power_cut(fw, res);
	if (size_check(fw, res, &code) == -1)
		return failed(fw, res, code, res->fault_string,
		    FWUPDATE_IMAGE_DOWNLOADFAILED);
	if (set_phase(fw, FWUPDATE_PHASE_VERIFYING,
	    FWUPDATE_IMAGE_VALIDATING, &errstr) == -1)
		return internal(fw, res, errstr);
	if (fw->cut == FWUPDATE_CUT_VERIFY)
		return power_cut(fw, res);
	policy_init(fw, &pol);
	if (fwimage_read_file(&img, fw->download, &pol, &code, &errstr) == -1)
		return failed(fw, res, code, errstr,
		    FWUPDATE_IMAGE_VALIDATIONFAILED);
	rv = install(fw, img, res);
	fwimage_free(img);
	return rv;
}
