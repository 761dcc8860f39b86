/*
 * fwupdate.c: the update side of the A/B state machine (FIRMWARE.md section
 * 3.3): DOWNLOADING, VERIFYING, INSTALLING and ARMED, each journaled before
 * its side effect, the failures that end in a TransferComplete record, and
 * the TransferComplete queue.  Power-on, the trial boot, commit and rollback
 * are in fwupdate_boot.c; records in fwupdate_store.c and
 * fwupdate_records.c; flash in fwupdate_flash.c.
 */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/fwupdate.h"
#include "lib/fwupdate_int.h"
#include "lib/log.h"
#include "lib/xmalloc.h"

static int
mkdir_one(const char *path)
{
	if (mkdir(path, 0700) == -1 && errno != EEXIST)
		return -1;
	return 0;
}

/* layout.yaml records the geometry; it is written last on a new device. */
static int
layout_check(struct fwupdate *fw, bool *fresh, const char **errstr)
{
	const struct fwupdate_layout *l = &fw->conf.layout;
	struct fwupdate_rec r, want;
	int rv;

	fwupdate_rec_init(&want);
	fwupdate_rec_setu(&want, "nor_block", l->nor_block);
	fwupdate_rec_setu(&want, "nand_page", l->nand_page);
	fwupdate_rec_setu(&want, "nand_block", l->nand_block);
	fwupdate_rec_setu(&want, "kernel_blocks", l->kernel_blocks);
	fwupdate_rec_setu(&want, "dtb_blocks", l->dtb_blocks);
	fwupdate_rec_setu(&want, "rg_blocks", l->rg_blocks);
	if ((rv = fwupdate_rec_load(fw, "layout.yaml", &r, errstr)) == -1)
		return -1;
	*fresh = rv == 0;
	if (*fresh)
		return 0;
	if (memcmp(&r, &want, sizeof(r)) != 0) {
		*errstr = "flash layout differs from the device's";
		return -1;
	}
	return 0;
}

static int
layout_save(struct fwupdate *fw, const char **errstr)
{
	const struct fwupdate_layout *l = &fw->conf.layout;
	struct fwupdate_rec r;

	fwupdate_rec_init(&r);
	fwupdate_rec_setu(&r, "nor_block", l->nor_block);
	fwupdate_rec_setu(&r, "nand_page", l->nand_page);
	fwupdate_rec_setu(&r, "nand_block", l->nand_block);
	fwupdate_rec_setu(&r, "kernel_blocks", l->kernel_blocks);
	fwupdate_rec_setu(&r, "dtb_blocks", l->dtb_blocks);
	fwupdate_rec_setu(&r, "rg_blocks", l->rg_blocks);
	return fwupdate_rec_save(fw, "layout.yaml", &r, errstr);
}

static void
conf_copy(struct fwupdate *fw, const struct fwupdate_conf *conf)
{
	fw->conf = *conf;
	strlcpy(fw->model, conf->model != NULL ? conf->model : "",
	    sizeof(fw->model));
	strlcpy(fw->hwrev, conf->hw_revision != NULL ? conf->hw_revision : "",
	    sizeof(fw->hwrev));
	strlcpy(fw->factory, conf->factory_version != NULL &&
	    *conf->factory_version != '\0' ? conf->factory_version : "1.0.0",
	    sizeof(fw->factory));
	fw->conf.model = fw->model;
	fw->conf.hw_revision = conf->hw_revision != NULL ? fw->hwrev : NULL;
	fw->conf.factory_version = fw->factory;
	if (fw->conf.nkeys > FWIMAGE_KEYS_MAX)
		fw->conf.nkeys = FWIMAGE_KEYS_MAX;
}

static int cut_load(struct fwupdate *, const char **);

static int
state_load(struct fwupdate *fw, const char **errstr)
{
	if (fwupdate_bank_load(fw, 0, errstr) == -1 ||
	    fwupdate_bank_load(fw, 1, errstr) == -1 ||
	    fwupdate_bootenv_load(fw, errstr) == -1 ||
	    fwupdate_journal_load(fw, errstr) == -1 ||
	    cut_load(fw, errstr) == -1)
		return -1;
	return 0;
}

int
fwupdate_open(struct fwupdate **fwp, const char *devdir,
    const struct fwupdate_conf *conf, const char **errstr)
{
	struct fwupdate *fw;
	bool fresh;

	*fwp = NULL;
	fw = xcalloc(1, sizeof(*fw));
	fw->running = -1;
	conf_copy(fw, conf);
	xasprintf(&fw->dir, "%s/%s", devdir, FWUPDATE_DIR);
	xasprintf(&fw->download, "%s/download.img", fw->dir);
	if (mkdir_one(devdir) == -1 || mkdir_one(fw->dir) == -1) {
		*errstr = "cannot create the firmware state directory";
		goto fail;
	}
	if (fwupdate_flash_open(fw, errstr) == -1 ||
	    layout_check(fw, &fresh, errstr) == -1)
		goto fail;
	if (fresh && (fwupdate_factory(fw, errstr) == -1 ||
	    layout_save(fw, errstr) == -1))
		goto fail;
	if (state_load(fw, errstr) == -1)
		goto fail;
	*fwp = fw;
	return 0;
fail:
	fwupdate_free(fw);
	return -1;
}

void
fwupdate_free(struct fwupdate *fw)
{
	if (fw == NULL)
		return;
	flash_sim_free(fw->nor);
	flash_sim_free(fw->nand);
	free(fw->dir);
	free(fw->download);
	free(fw);
}

const char *
fwupdate_download_path(const struct fwupdate *fw)
{
	return fw->download;
}

uint64_t
fwupdate_max_file_size(const struct fwupdate *fw)
{
	return FWIMAGE_ARCHIVE_MAX;
}

static int
ready(struct fwupdate *fw, const char **errstr)
{
	if (fw->dead) {
		*errstr = "the power is off: re-open the device";
		return -1;
	}
	if (fw->running < 0) {
		*errstr = "the device has not booted";
		return -1;
	}
	return 0;
}

int
fwupdate_begin(struct fwupdate *fw, const struct fwupdate_download *dl,
    const char **errstr)
{
	struct fwupdate_journal *j = &fw->jr;
	const char *key = dl->command_key != NULL ? dl->command_key : "";

	if (ready(fw, errstr) == -1)
		return -1;
	if (j->phase != FWUPDATE_PHASE_NONE) {
		*errstr = "a firmware update is already in progress";
		return -1;
	}
	if (strlen(key) > FWUPDATE_COMMANDKEY_MAX) {
		*errstr = "CommandKey too long";
		return -1;
	}
	memset(j, 0, sizeof(*j));
	if ((j->id = fwupdate_next_id(fw, errstr)) == 0)
		return -1;
	j->phase = FWUPDATE_PHASE_DOWNLOADING;
	strlcpy(j->command_key, key, sizeof(j->command_key));
	strlcpy(j->url, dl->url != NULL ? dl->url : "", sizeof(j->url));
	j->file_size = dl->file_size;
	j->no_activate = dl->no_activate;
	j->start_time = fwupdate_now(fw);
	j->old = fw->running;
	j->target = fw->running == 0 ? 1 : 0;
	strlcpy(j->old_version, fwupdate_version(fw), sizeof(j->old_version));
	if (fwupdate_journal_save(fw, errstr) == -1)
		return -1;
	(void)unlink(fw->download);
	fw->banks[j->target].info.status = FWUPDATE_IMAGE_DOWNLOADING;
	return fwupdate_bank_save(fw, j->target, errstr);
}

static bool
tc_code_is_valid(int code)
{
	return code == 9001 || code == 9002 || code == 9010 || code == 9011 ||
	    code == 9012 || (code >= 9014 && code <= 9020) ||
	    (code >= 9800 && code <= 9899);
}

/* Ends the update with a failure: TC record first, then the journal. */
int
fwupdate_finish_failed(struct fwupdate *fw, int code, const char *msg,
    enum fwupdate_image_status st, const char **errstr)
{
	struct fwupdate_journal *j = &fw->jr;
	struct fwupdate_tc tc;

	memset(&tc, 0, sizeof(tc));
	strlcpy(tc.command_key, j->command_key, sizeof(tc.command_key));
	tc.fault_code = code;
	strlcpy(tc.fault_string, msg, sizeof(tc.fault_string));
	tc.start_time = j->start_time;
	tc.complete_time = fwupdate_now(fw);
	strlcpy(tc.old_version, j->old_version, sizeof(tc.old_version));
	if (fwupdate_tc_save(fw, j->id, &tc, false, errstr) == -1)
		return -1;
	fw->banks[j->target].info.status = st;
	(void)unlink(fw->download);
	if (fwupdate_bank_save(fw, j->target, errstr) == -1)
		return -1;
	return fwupdate_journal_remove(fw, errstr);
}

int
fwupdate_fail(struct fwupdate *fw, const struct fwupdate_download *dl,
    int fault_code, const char *fault_string, const char **errstr)
{
	if (!tc_code_is_valid(fault_code)) {
		*errstr = "fault code not allowed in TransferComplete";
		return -1;
	}
	if (fw->jr.phase == FWUPDATE_PHASE_NONE &&
	    fwupdate_begin(fw, dl, errstr) == -1)
		return -1;
	if (fw->jr.phase != FWUPDATE_PHASE_DOWNLOADING) {
		*errstr = "the transfer has already finished";
		return -1;
	}
	return fwupdate_finish_failed(fw, fault_code, fault_string,
	    FWUPDATE_IMAGE_DOWNLOADFAILED, errstr);
}

bool
fwupdate_pending_transfer_complete(struct fwupdate *fw, struct fwupdate_tc *tc)
{
	unsigned long id;
	char name[64];

	return fwupdate_tc_oldest(fw, NULL, tc, &id, name, sizeof(name)) == 1;
}

int
fwupdate_ack_transfer_complete(struct fwupdate *fw, const char *command_key,
    const char **errstr)
{
	struct fwupdate_tc tc;
	unsigned long id;
	char name[64];
	int rv;

	rv = fwupdate_tc_oldest(fw, command_key != NULL ? command_key : "",
	    &tc, &id, name, sizeof(name));
	if (rv == -1) {
		*errstr = "cannot read the TransferComplete records";
		return -1;
	}
	if (rv == 0)
		return 0;
	if (fwupdate_rec_remove(fw, name, errstr) == -1)
		return -1;
	if (fw->jr.phase != FWUPDATE_PHASE_NONE && fw->jr.id == id)
		return fwupdate_journal_remove(fw, errstr);
	return 0;
}

enum fwupdate_phase
fwupdate_phase(const struct fwupdate *fw)
{
	return fw->jr.phase;
}

int
fwupdate_active_bank(const struct fwupdate *fw)
{
	return fw->running;
}

int
fwupdate_boot_bank(const struct fwupdate *fw)
{
	return fw->env.boot_image;
}

const char *
fwupdate_version(const struct fwupdate *fw)
{
	if (fw->running < 0)
		return "";
	return fw->banks[fw->running].info.version;
}

int
fwupdate_image_info(const struct fwupdate *fw, int bank,
    struct fwupdate_image_info *info)
{
	if (bank < 0 || bank >= FWUPDATE_BANKS)
		return -1;
	*info = fw->banks[bank].info;
	return 0;
}

int
fwupdate_set_boot_bank(struct fwupdate *fw, int bank, int *fault,
    const char **errstr)
{
	*fault = 0;
	if (ready(fw, errstr) == -1)
		return -1;
	if (bank < 0 || bank >= FWUPDATE_BANKS ||
	    !fw->banks[bank].info.available) {
		*fault = 9007;
		*errstr = "that firmware image is not available";
		return -1;
	}
	if (bank != fw->running || fw->env.order[0] != bank)
		fwupdate_bootenv_first(fw, bank);
	fw->env.boot_image = bank;
	return fwupdate_bootenv_commit(fw, errstr);
}

/*
 * The armed cut is kept in inject.yaml until it fires, so a cut aimed at a
 * later power-on (trial, commit) survives the re-open before it.
 */
void
fwupdate_set_cut(struct fwupdate *fw, enum fwupdate_cut cut)
{
	struct fwupdate_rec r;
	const char *errstr;

	fw->cut = cut;
	if (cut == FWUPDATE_CUT_NONE) {
		(void)fwupdate_rec_remove(fw, "inject.yaml", &errstr);
		return;
	}
	fwupdate_rec_init(&r);
	fwupdate_rec_set(&r, "cut", fwupdate_cut_name(cut));
	if (fwupdate_rec_save(fw, "inject.yaml", &r, &errstr) == -1)
		log_warnx("%s: %s", fw->dir, errstr);
}

void
fwupdate_cut_fired(struct fwupdate *fw)
{
	const char *errstr;

	fw->cut = FWUPDATE_CUT_NONE;
	fw->dead = true;
	(void)fwupdate_rec_remove(fw, "inject.yaml", &errstr);
}

static int
cut_load(struct fwupdate *fw, const char **errstr)
{
	struct fwupdate_rec r;
	int rv;

	if ((rv = fwupdate_rec_load(fw, "inject.yaml", &r, errstr)) <= 0)
		return rv;
	if (fwupdate_cut_from_name(fwupdate_rec_get(&r, "cut"), &fw->cut) ==
	    -1)
		fw->cut = FWUPDATE_CUT_NONE;
	return 0;
}

int
fwupdate_inject_boot_failures(struct fwupdate *fw, int bank, unsigned int n,
    const char *reason, const char **errstr)
{
	struct fwupdate_bank *b;

	if (bank < 0 || bank >= FWUPDATE_BANKS) {
		*errstr = "no such bank";
		return -1;
	}
	b = &fw->banks[bank];
	if (n >= FWIMAGE_BOOT_FAIL_ALWAYS - b->inject_fail)
		b->inject_fail = FWIMAGE_BOOT_FAIL_ALWAYS;
	else
		b->inject_fail += n;
	strlcpy(b->inject_reason, reason != NULL ? reason : "",
	    sizeof(b->inject_reason));
	return fwupdate_bank_save(fw, bank, errstr);
}

int
fwupdate_inject_flash(struct fwupdate *fw, const char *partition,
    uint32_t block, enum flash_sim_fault fault, const char **errstr)
{
	const struct flash_sim_part *p;

	if ((p = fwupdate_part(fw, partition)) == NULL ||
	    block >= p->nblocks) {
		*errstr = "no such partition or block";
		return -1;
	}
	return flash_sim_inject(p->dev, p->first + block, 0, fault, errstr);
}
