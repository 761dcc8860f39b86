/*
 * fwupdate_records.c: maps the journal, the per-bank image records
 * (fwimage[bank]) and the TransferComplete records onto the flat YAML
 * records of fwupdate_store.c, and names phases, statuses and cut points.
 * TC records are named by the journal id (tc-<id>.yaml), so deciding the
 * same outcome twice after a power cut writes the same record, never a
 * second one.
 */
#include "config.h"

#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "lib/fwupdate.h"
#include "lib/fwupdate_int.h"

static const char *phase_names[] = { "none", "downloading", "verifying",
	"installing", "armed", "committed" };
static const char *status_names[] = { "NoImage", "Active", "Downloading",
	"Validating", "Available", "DownloadFailed", "ValidationFailed",
	"InstallationFailed", "ActivationFailed" };
static const char *cut_names[] = { "none", "download", "verify", "kernel",
	"rootfs", "arm", "armed", "trial", "commit" };
static const char *comp_keys[] = { "kernel", "dtb", "rootfs" };

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

const char *
fwupdate_phase_name(enum fwupdate_phase phase)
{
	return (size_t)phase < NELEM(phase_names) ? phase_names[phase] : "?";
}

const char *
fwupdate_image_status_name(enum fwupdate_image_status st)
{
	return (size_t)st < NELEM(status_names) ? status_names[st] : "?";
}

const char *
fwupdate_cut_name(enum fwupdate_cut cut)
{
	return (size_t)cut < NELEM(cut_names) ? cut_names[cut] : "?";
}

int
fwupdate_cut_from_name(const char *name, enum fwupdate_cut *cut)
{
	size_t i;

	for (i = 0; i < NELEM(cut_names); i++)
		if (strcmp(name, cut_names[i]) == 0) {
			*cut = (enum fwupdate_cut)i;
			return 0;
		}
	return -1;
}

static int
name_index(const char **names, size_t n, const char *s)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(names[i], s) == 0)
			return (int)i;
	return -1;
}

int
fwupdate_journal_save(struct fwupdate *fw, const char **errstr)
{
	const struct fwupdate_journal *j = &fw->jr;
	struct fwupdate_rec r;

	fwupdate_rec_init(&r);
	fwupdate_rec_set(&r, "phase", fwupdate_phase_name(j->phase));
	fwupdate_rec_setu(&r, "id", j->id);
	fwupdate_rec_set(&r, "command_key", j->command_key);
	fwupdate_rec_set(&r, "url", j->url);
	fwupdate_rec_setu(&r, "file_size", j->file_size);
	fwupdate_rec_setu(&r, "no_activate", j->no_activate);
	fwupdate_rec_setu(&r, "start_time", (unsigned long long)j->start_time);
	fwupdate_rec_setu(&r, "target", (unsigned long long)j->target);
	fwupdate_rec_setu(&r, "old_bank", (unsigned long long)j->old);
	fwupdate_rec_set(&r, "old_version", j->old_version);
	fwupdate_rec_set(&r, "expected_version", j->expected_version);
	fwupdate_rec_set(&r, "manifest_digest", j->digest);
	return fwupdate_rec_save(fw, "journal.yaml", &r, errstr);
}

int
fwupdate_journal_load(struct fwupdate *fw, const char **errstr)
{
	struct fwupdate_journal *j = &fw->jr;
	struct fwupdate_rec r;
	int ph, rv;

	memset(j, 0, sizeof(*j));
	if ((rv = fwupdate_rec_load(fw, "journal.yaml", &r, errstr)) <= 0)
		return rv;
	ph = name_index(phase_names, NELEM(phase_names),
	    fwupdate_rec_get(&r, "phase"));
	if (ph == -1) {
		*errstr = "journal has an unknown phase";
		return -1;
	}
	j->phase = (enum fwupdate_phase)ph;
	j->id = (unsigned long)fwupdate_rec_getu(&r, "id", ULONG_MAX);
	strlcpy(j->command_key, fwupdate_rec_get(&r, "command_key"),
	    sizeof(j->command_key));
	strlcpy(j->url, fwupdate_rec_get(&r, "url"), sizeof(j->url));
	j->file_size = fwupdate_rec_getu(&r, "file_size", UINT64_MAX);
	j->no_activate = fwupdate_rec_getu(&r, "no_activate", 1) != 0;
	j->start_time = (time_t)fwupdate_rec_getu(&r, "start_time", INT64_MAX);
	j->target = (int)fwupdate_rec_getu(&r, "target", FWUPDATE_BANKS - 1);
	j->old = (int)fwupdate_rec_getu(&r, "old_bank", FWUPDATE_BANKS - 1);
	strlcpy(j->old_version, fwupdate_rec_get(&r, "old_version"),
	    sizeof(j->old_version));
	strlcpy(j->expected_version, fwupdate_rec_get(&r, "expected_version"),
	    sizeof(j->expected_version));
	strlcpy(j->digest, fwupdate_rec_get(&r, "manifest_digest"),
	    sizeof(j->digest));
	return 1;
}

int
fwupdate_journal_remove(struct fwupdate *fw, const char **errstr)
{
	memset(&fw->jr, 0, sizeof(fw->jr));
	return fwupdate_rec_remove(fw, "journal.yaml", errstr);
}

static void
comp_save(struct fwupdate_rec *r, const char *key,
    const struct fwimage_component *c)
{
	char k[FWUPDATE_REC_KEY_MAX], hex[2 * FWIMAGE_SHA256_LEN + 1];

	snprintf(k, sizeof(k), "%s_size", key);
	fwupdate_rec_setu(r, k, c->size);
	snprintf(k, sizeof(k), "%s_sha256", key);
	fwimage_sha256_hex(hex, c->sha256);
	fwupdate_rec_set(r, k, c->name[0] != '\0' ? hex : "");
}

static void
comp_load(const struct fwupdate_rec *r, const char *key,
    struct fwimage_component *c)
{
	char k[FWUPDATE_REC_KEY_MAX];
	const char *hex;
	size_t len;

	memset(c, 0, sizeof(*c));
	snprintf(k, sizeof(k), "%s_size", key);
	c->size = fwupdate_rec_getu(r, k, FWIMAGE_COMPONENT_MAX);
	snprintf(k, sizeof(k), "%s_sha256", key);
	hex = fwupdate_rec_get(r, k);
	if (sodium_hex2bin(c->sha256, sizeof(c->sha256), hex, strlen(hex),
	    NULL, &len, NULL) == 0 && len == sizeof(c->sha256))
		strlcpy(c->name, key, sizeof(c->name));
}

int
fwupdate_bank_save(struct fwupdate *fw, int bank, const char **errstr)
{
	const struct fwupdate_bank *b = &fw->banks[bank];
	struct fwupdate_rec r;
	char name[32];
	size_t i;

	fwupdate_rec_init(&r);
	fwupdate_rec_set(&r, "name", b->info.name);
	fwupdate_rec_set(&r, "version", b->info.version);
	fwupdate_rec_set(&r, "status",
	    fwupdate_image_status_name(b->info.status));
	fwupdate_rec_setu(&r, "available", b->info.available);
	fwupdate_rec_set(&r, "boot_failure_log", b->info.boot_failure_log);
	for (i = 0; i < NELEM(comp_keys); i++)
		comp_save(&r, comp_keys[i], &b->comp[i]);
	fwupdate_rec_setu(&r, "boot_fail", b->boot_fail);
	fwupdate_rec_set(&r, "boot_fail_reason", b->boot_fail_reason);
	fwupdate_rec_setu(&r, "inject_fail", b->inject_fail);
	fwupdate_rec_set(&r, "inject_reason", b->inject_reason);
	snprintf(name, sizeof(name), "image%d.yaml", bank);
	return fwupdate_rec_save(fw, name, &r, errstr);
}

int
fwupdate_bank_load(struct fwupdate *fw, int bank, const char **errstr)
{
	struct fwupdate_bank *b = &fw->banks[bank];
	struct fwupdate_rec r;
	char name[32];
	size_t i;
	int st, rv;

	memset(b, 0, sizeof(*b));
	snprintf(name, sizeof(name), "image%d.yaml", bank);
	if ((rv = fwupdate_rec_load(fw, name, &r, errstr)) <= 0)
		return rv;
	strlcpy(b->info.name, fwupdate_rec_get(&r, "name"),
	    sizeof(b->info.name));
	strlcpy(b->info.version, fwupdate_rec_get(&r, "version"),
	    sizeof(b->info.version));
	st = name_index(status_names, NELEM(status_names),
	    fwupdate_rec_get(&r, "status"));
	b->info.status = st == -1 ? FWUPDATE_IMAGE_NOIMAGE :
	    (enum fwupdate_image_status)st;
	b->info.available = fwupdate_rec_getu(&r, "available", 1) != 0;
	strlcpy(b->info.boot_failure_log, fwupdate_rec_get(&r,
	    "boot_failure_log"), sizeof(b->info.boot_failure_log));
	for (i = 0; i < NELEM(comp_keys); i++)
		comp_load(&r, comp_keys[i], &b->comp[i]);
	b->boot_fail = (unsigned int)fwupdate_rec_getu(&r, "boot_fail",
	    FWIMAGE_BOOT_FAIL_ALWAYS);
	strlcpy(b->boot_fail_reason, fwupdate_rec_get(&r, "boot_fail_reason"),
	    sizeof(b->boot_fail_reason));
	b->inject_fail = (unsigned int)fwupdate_rec_getu(&r, "inject_fail",
	    FWIMAGE_BOOT_FAIL_ALWAYS);
	strlcpy(b->inject_reason, fwupdate_rec_get(&r, "inject_reason"),
	    sizeof(b->inject_reason));
	return 1;
}

/* keep: leave an existing record alone (its times were decided first). */
int
fwupdate_tc_save(struct fwupdate *fw, unsigned long id,
    const struct fwupdate_tc *tc, bool keep, const char **errstr)
{
	struct fwupdate_rec r;
	char name[48];

	snprintf(name, sizeof(name), "tc-%010lu.yaml", id);
	if (keep && fwupdate_rec_exists(fw, name))
		return 0;
	fwupdate_rec_init(&r);
	fwupdate_rec_setu(&r, "id", id);
	fwupdate_rec_set(&r, "command_key", tc->command_key);
	fwupdate_rec_setu(&r, "fault_code", (unsigned long long)tc->fault_code);
	fwupdate_rec_set(&r, "fault_string", tc->fault_string);
	fwupdate_rec_setu(&r, "start_time",
	    (unsigned long long)tc->start_time);
	fwupdate_rec_setu(&r, "complete_time",
	    (unsigned long long)tc->complete_time);
	fwupdate_rec_set(&r, "old_version", tc->old_version);
	return fwupdate_rec_save(fw, name, &r, errstr);
}

unsigned long
fwupdate_next_id(struct fwupdate *fw, const char **errstr)
{
	struct fwupdate_rec r;
	unsigned long id;

	if (fwupdate_rec_load(fw, "seq.yaml", &r, errstr) == -1)
		return 0;
	id = (unsigned long)fwupdate_rec_getu(&r, "next_id", ULONG_MAX - 1);
	if (id == 0)
		id = 1;
	fwupdate_rec_setu(&r, "next_id", id + 1);
	if (fwupdate_rec_save(fw, "seq.yaml", &r, errstr) == -1)
		return 0;
	return id;
}

static int
tc_from_rec(const struct fwupdate_rec *r, struct fwupdate_tc *tc)
{
	memset(tc, 0, sizeof(*tc));
	strlcpy(tc->command_key, fwupdate_rec_get(r, "command_key"),
	    sizeof(tc->command_key));
	tc->fault_code = (int)fwupdate_rec_getu(r, "fault_code", 9899);
	strlcpy(tc->fault_string, fwupdate_rec_get(r, "fault_string"),
	    sizeof(tc->fault_string));
	tc->start_time = (time_t)fwupdate_rec_getu(r, "start_time", INT64_MAX);
	tc->complete_time = (time_t)fwupdate_rec_getu(r, "complete_time",
	    INT64_MAX);
	strlcpy(tc->old_version, fwupdate_rec_get(r, "old_version"),
	    sizeof(tc->old_version));
	return 0;
}

/*
 * The oldest TC record (lowest id), optionally matching a CommandKey.
 * name receives its file name.  Returns 1 if found, 0 if none, -1 on error.
 */
int
fwupdate_tc_oldest(struct fwupdate *fw, const char *key,
    struct fwupdate_tc *tc, unsigned long *idp, char *name, size_t namelen)
{
	char best[64] = "";
	struct fwupdate_rec r;
	struct dirent *de;
	const char *errstr;
	DIR *d;

	if ((d = opendir(fw->dir)) == NULL)
		return -1;
	while ((de = readdir(d)) != NULL) {
		if (strncmp(de->d_name, "tc-", 3) != 0 ||
		    strlen(de->d_name) != 18 ||
		    (best[0] != '\0' && strcmp(de->d_name, best) >= 0))
			continue;
		if (key != NULL && (fwupdate_rec_load(fw, de->d_name, &r,
		    &errstr) != 1 || strcmp(fwupdate_rec_get(&r,
		    "command_key"), key) != 0))
			continue;
		strlcpy(best, de->d_name, sizeof(best));
	}
	closedir(d);
	if (best[0] == '\0')
		return 0;
	if (fwupdate_rec_load(fw, best, &r, &errstr) != 1)
		return -1;
	tc_from_rec(&r, tc);
	*idp = (unsigned long)fwupdate_rec_getu(&r, "id", ULONG_MAX);
	strlcpy(name, best, namelen);
	return 1;
}
