/*
 * fwupdate_boot.c: a simulated power-on (FIRMWARE.md sections 3.5 and
 * 5.1).  The bootloader takes the first slot of BOOT_ORDER with attempts
 * left, commits the decremented counter before jumping, and the bank either
 * boots (kernel and devtree authenticate, the rootfs volume is usable, the
 * image does not crash) or fails and uses the attempt; when every slot is
 * exhausted the counters are reset, as RAUC does (D8).  Then the agent
 * derives the update's outcome from the journal, the running bank and its
 * version, so repeating it after any power cut gives the same answer: trial
 * -> commit (TC 0), rollback (TC 9010), or an interrupted transfer or
 * install (TC 9017 or 9010).
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "lib/fwupdate.h"
#include "lib/fwupdate_int.h"

time_t
fwupdate_now(const struct fwupdate *fw)
{
	if (fw->conf.now != NULL)
		return fw->conf.now(fw->conf.now_arg);
	return time(NULL);
}

unsigned int
fwupdate_attempts(const struct fwupdate *fw)
{
	if (fw->conf.attempts == 0)
		return FWUPDATE_ATTEMPTS_DEFAULT;
	if (fw->conf.attempts > FWUPDATE_ATTEMPTS_MAX)
		return FWUPDATE_ATTEMPTS_MAX;
	return fw->conf.attempts;
}

/* BootFailureLog keeps the newest entries when it fills up. */
void
fwupdate_log_append(struct fwupdate_bank *b, const char *reason)
{
	char *log = b->info.boot_failure_log;
	size_t len = strlen(log), add = strlen(reason) + 2;
	char *cut;

	while (len > 0 && len + add >= sizeof(b->info.boot_failure_log)) {
		cut = strchr(log, '\n');
		if (cut == NULL) {
			log[0] = '\0';
			break;
		}
		memmove(log, cut + 1, strlen(cut + 1) + 1);
		len = strlen(log);
	}
	strlcat(log, reason, sizeof(b->info.boot_failure_log));
	strlcat(log, "\n", sizeof(b->info.boot_failure_log));
}

static int
pick_slot(struct fwupdate *fw)
{
	int i, s;

	for (i = 0; i < FWUPDATE_BANKS; i++) {
		s = fw->env.order[i];
		if (s >= 0 && fw->env.left[s] > 0)
			return s;
	}
	return -1;
}

/* No slot has attempts left: reset them all (RAUC, D8). */
static int
boot_loop_reset(struct fwupdate *fw, const char **errstr)
{
	int i, s;

	if (fw->env.order[0] < 0)
		fw->env.order[0] = fw->jr.phase != FWUPDATE_PHASE_NONE ?
		    fw->jr.old : 0;
	for (i = 0; i < FWUPDATE_BANKS; i++) {
		if ((s = fw->env.order[i]) < 0)
			continue;
		fw->env.left[s] = fwupdate_attempts(fw);
		fwupdate_log_append(&fw->banks[s], "boot loop: all slots "
		    "exhausted, counters reset");
		if (fwupdate_bank_save(fw, s, errstr) == -1)
			return -1;
	}
	return fwupdate_bootenv_commit(fw, errstr);
}

static bool
cut_here(struct fwupdate *fw, enum fwupdate_cut cut)
{
	if (fw->cut != cut)
		return false;
	fwupdate_cut_fired(fw);
	return true;
}

/* The bootloader and the boot attempts of one power-on. */
static int
bootloader(struct fwupdate *fw, struct fwupdate_boot_result *br,
    const char **errstr)
{
	char reason[FWIMAGE_REASON_MAX + 64];
	int slot;

	while (br->boots < FWUPDATE_BOOT_LOOPS_MAX) {
		if ((slot = pick_slot(fw)) == -1) {
			if (boot_loop_reset(fw, errstr) == -1)
				return -1;
			continue;
		}
		fw->env.left[slot]--;
		fw->env.last_slot = slot;
		if (fwupdate_bootenv_commit(fw, errstr) == -1)
			return -1;
		if (fw->jr.phase == FWUPDATE_PHASE_ARMED &&
		    slot == fw->jr.target && cut_here(fw, FWUPDATE_CUT_TRIAL)) {
			br->power_cut = true;
			return 0;
		}
		br->boots++;
		if (fwupdate_bank_check(fw, slot, reason, sizeof(reason)) ==
		    0) {
			fw->running = slot;
			return 0;
		}
		fwupdate_log_append(&fw->banks[slot], reason);
		if (fwupdate_bank_save(fw, slot, errstr) == -1)
			return -1;
	}
	*errstr = "no bank boots";
	return -1;
}

static int
tc_write(struct fwupdate *fw, int code, const char *msg, const char **errstr)
{
	struct fwupdate_journal *j = &fw->jr;
	struct fwupdate_tc tc;

	memset(&tc, 0, sizeof(tc));
	strlcpy(tc.command_key, j->command_key, sizeof(tc.command_key));
	tc.fault_code = code;
	strlcpy(tc.fault_string, msg, sizeof(tc.fault_string));
	tc.start_time = j->start_time;
	tc.complete_time = fwupdate_now(fw);
	if (tc.complete_time < tc.start_time)
		tc.complete_time = tc.start_time;
	strlcpy(tc.old_version, j->old_version, sizeof(tc.old_version));
	return fwupdate_tc_save(fw, j->id, &tc, true, errstr);
}

/* The running bank is good: full attempts, statuses (mark-good). */
static int
mark_good(struct fwupdate *fw, const char **errstr)
{
	int other = fw->running == 0 ? 1 : 0;
	bool dirty = false;

	if (fw->env.left[fw->running] < fwupdate_attempts(fw) ||
	    fw->env.upgrade_available) {
		fw->env.left[fw->running] = fwupdate_attempts(fw);
		fw->env.upgrade_available = false;
		if (fwupdate_bootenv_commit(fw, errstr) == -1)
			return -1;
	}
	if (fw->banks[fw->running].info.status != FWUPDATE_IMAGE_ACTIVE) {
		fw->banks[fw->running].info.status = FWUPDATE_IMAGE_ACTIVE;
		dirty = true;
	}
	if (dirty && fwupdate_bank_save(fw, fw->running, errstr) == -1)
		return -1;
	if (fw->banks[other].info.status == FWUPDATE_IMAGE_ACTIVE) {
		fw->banks[other].info.status = FWUPDATE_IMAGE_AVAILABLE;
		return fwupdate_bank_save(fw, other, errstr);
	}
	return 0;
}

/* TRIAL -> COMMITTED: mark-good, then TC 0, then the journal. */
static int
commit(struct fwupdate *fw, struct fwupdate_boot_result *br,
    const char **errstr)
{
	if (mark_good(fw, errstr) == -1)
		return -1;
	if (cut_here(fw, FWUPDATE_CUT_COMMIT)) {
		br->power_cut = true;
		return 0;
	}
	if (tc_write(fw, 0, "", errstr) == -1)
		return -1;
	fw->jr.phase = FWUPDATE_PHASE_COMMITTED;
	fw->trial = false;
	return fwupdate_journal_save(fw, errstr);
}

/* A failed update: mark-bad the target, TC, journal removed. */
static int
abandon(struct fwupdate *fw, int code, const char *msg,
    enum fwupdate_image_status st, const char **errstr)
{
	int t = fw->jr.target;

	fwupdate_bootenv_drop(fw, t);
	fw->env.upgrade_available = false;
	if (fwupdate_bootenv_commit(fw, errstr) == -1 ||
	    tc_write(fw, code, msg, errstr) == -1)
		return -1;
	fw->banks[t].info.status = st;
	if (st != FWUPDATE_IMAGE_ACTIVATIONFAILED)
		fw->banks[t].info.available = false;
	if (fwupdate_bank_save(fw, t, errstr) == -1 ||
	    mark_good(fw, errstr) == -1)
		return -1;
	return fwupdate_journal_remove(fw, errstr);
}

static const char *
last_reason(const struct fwupdate_bank *b)
{
	const char *log = b->info.boot_failure_log, *p;
	size_t len = strlen(log);

	if (len == 0)
		return "no reason recorded";
	for (p = log + len - 1; p > log && p[-1] != '\n'; p--)
		;
	return p;
}

static int
outcome_armed(struct fwupdate *fw, struct fwupdate_boot_result *br,
    const char **errstr)
{
	const struct fwupdate_bank *tb = &fw->banks[fw->jr.target];
	char msg[FWUPDATE_FAULTSTRING_MAX + 1];
	size_t len;

	if (fw->running != fw->jr.target) {
		snprintf(msg, sizeof(msg), "activation failed after %u "
		    "attempts: %s", fwupdate_attempts(fw), last_reason(tb));
		len = strlen(msg);
		if (len > 0 && msg[len - 1] == '\n')
			msg[len - 1] = '\0';
		return abandon(fw, FWUPDATE_FAULT_TRANSFER, msg,
		    FWUPDATE_IMAGE_ACTIVATIONFAILED, errstr);
	}
	if (strcmp(tb->info.version, fw->jr.expected_version) != 0) {
		/* Wrong image metadata: mark-bad, back to the old bank. */
		fwupdate_bootenv_drop(fw, fw->jr.target);
		if (fwupdate_bootenv_commit(fw, errstr) == -1 ||
		    bootloader(fw, br, errstr) == -1)
			return -1;
		if (br->power_cut)
			return 0;
		return abandon(fw, FWUPDATE_FAULT_CORRUPT, "running image has "
		    "the wrong version", FWUPDATE_IMAGE_ACTIVATIONFAILED,
		    errstr);
	}
	if (fw->conf.health == FWUPDATE_HEALTH_INFORM) {
		fw->trial = true;
		return 0;
	}
	return commit(fw, br, errstr);
}

/* Section 3.5: the outcome from journal, running bank and version. */
static int
outcome(struct fwupdate *fw, struct fwupdate_boot_result *br,
    const char **errstr)
{
	struct fwupdate_journal *j = &fw->jr;

	if (j->phase == FWUPDATE_PHASE_INSTALLING &&
	    fw->env.upgrade_available && fw->env.order[0] == j->target) {
		j->phase = FWUPDATE_PHASE_ARMED;	/* the arm commit won */
		if (fwupdate_journal_save(fw, errstr) == -1)
			return -1;
	}
	switch (j->phase) {
	case FWUPDATE_PHASE_DOWNLOADING:
	case FWUPDATE_PHASE_VERIFYING:
		return abandon(fw, FWUPDATE_FAULT_INCOMPLETE, "transfer "
		    "interrupted by a power cut", j->phase ==
		    FWUPDATE_PHASE_DOWNLOADING ? FWUPDATE_IMAGE_DOWNLOADFAILED :
		    FWUPDATE_IMAGE_VALIDATIONFAILED, errstr);
	case FWUPDATE_PHASE_INSTALLING:
		return abandon(fw, FWUPDATE_FAULT_TRANSFER, "flash write "
		    "failed: interrupted during install",
		    FWUPDATE_IMAGE_INSTALLATIONFAILED, errstr);
	case FWUPDATE_PHASE_ARMED:
		return outcome_armed(fw, br, errstr);
	case FWUPDATE_PHASE_COMMITTED:
		if (tc_write(fw, 0, "", errstr) == -1)
			return -1;
		return mark_good(fw, errstr);
	default:
		return mark_good(fw, errstr);
	}
}

int
fwupdate_boot(struct fwupdate *fw, struct fwupdate_boot_result *br,
    const char **errstr)
{
	memset(br, 0, sizeof(*br));
	if (fw->dead) {
		*errstr = "the power is off: re-open the device";
		return -1;
	}
	fw->running = -1;
	fw->trial = false;
	(void)unlink(fw->download);
	if (bootloader(fw, br, errstr) == -1)
		return -1;
	if (!br->power_cut && outcome(fw, br, errstr) == -1)
		return -1;
	if (br->power_cut) {
		fw->running = -1;
		return 0;
	}
	br->bank = fw->running;
	br->trial = fw->trial;
	strlcpy(br->version, fwupdate_version(fw), sizeof(br->version));
	br->tc_pending = fwupdate_pending_transfer_complete(fw, &br->tc);
	br->version_changed = br->tc_pending && br->tc.fault_code == 0 &&
	    strcmp(br->tc.old_version, br->version) != 0;
	return 0;
}

int
fwupdate_health_ok(struct fwupdate *fw, const char **errstr)
{
	struct fwupdate_boot_result br;

	if (fw->dead || !fw->trial) {
		*errstr = "no trial boot in progress";
		return -1;
	}
	memset(&br, 0, sizeof(br));
	if (commit(fw, &br, errstr) == -1)
		return -1;
	return br.power_cut ? -1 : 0;
}
