/*
 * check_fwupdate.c: the A/B state machine end to end on simulated flash
 * (FIRMWARE.md sections 3, 5, 8 and scenarios C-F of section 11): success,
 * every failure with its TransferComplete, a power cut at every point of
 * the section 8 matrix followed by a power-on, boot failures with the
 * attempt counter and rollback, bad blocks, FileType 6, and the invariant
 * that no TC carries 0 unless the new version runs from the target bank.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/fwupdate.h"
#include "lib/xmalloc.h"
#include "tests/unit/check_fw_util.h"
#include "tests/unit/ck_run.h"

static char *dir, *img;
static struct fwupdate *fw;
static struct fwupdate_conf conf;
static time_t clock_now;

static time_t
test_clock(void *arg)
{
	return clock_now++;
}

static void
reopen(void)
{
	const char *errstr;

	fwupdate_free(fw);
	ck_assert_msg(fwupdate_open(&fw, dir, &conf, &errstr) == 0, "%s",
	    errstr);
}

/* Power-on; repeats after injected cuts until the box is up. */
static void
power_on(struct fwupdate_boot_result *br)
{
	const char *errstr;
	int i;

	for (i = 0; i < 10; i++) {
		reopen();
		ck_assert_msg(fwupdate_boot(fw, br, &errstr) == 0, "%s",
		    errstr);
		if (!br->power_cut)
			return;
	}
	ck_abort_msg("never booted");
}

static void
setup(void)
{
	struct fwupdate_boot_result br;
	uint8_t sk[FWIMAGE_SECKEY_LEN];

	dir = fwt_tmpdir();
	xasprintf(&img, "%s/image.zip", dir);
	memset(&conf, 0, sizeof(conf));
	conf.model = FWT_MODEL;
	conf.hw_revision = FWT_HWREV;
	fwt_keys(conf.keys[0], sk, 0);
	conf.nkeys = 1;
	conf.factory_version = "1.0.0";
	conf.layout.nor_block = 8192;
	conf.layout.nand_page = 512;
	conf.layout.nand_block = 16384;
	conf.layout.kernel_blocks = 4;
	conf.layout.dtb_blocks = 2;
	conf.layout.rg_blocks = 8;
	conf.now = test_clock;
	conf.nosync = true;
	clock_now = 1700000000;
	power_on(&br);
	ck_assert_int_eq(br.bank, 0);
}

static void
teardown(void)
{
	fwupdate_free(fw);
	fw = NULL;
	fwt_rmdir(dir);
	free(dir);
	free(img);
}

static const struct fwupdate_download dl = { "key-1", "http://x/fw.zip", 0,
	false };

/* Download accepted and fetched: begin, put the file in place, apply. */
static int
download(const struct fwt_image *opt, struct fwupdate_result *res)
{
	const char *errstr;

	fwt_image(img, opt);
	ck_assert_msg(fwupdate_begin(fw, &dl, &errstr) == 0, "%s", errstr);
	fwt_copy(img, fwupdate_download_path(fw));
	return fwupdate_apply(fw, &dl, res);
}

static void
ack(const char *key)
{
	const char *errstr;

	ck_assert_int_eq(fwupdate_ack_transfer_complete(fw, key, &errstr), 0);
}

/* Section 8 invariant: TC 0 only with the new version on the target. */
static void
check_invariant(const struct fwupdate_boot_result *br, const char *newver)
{
	if (br->tc_pending && br->tc.fault_code == 0)
		ck_assert_str_eq(br->version, newver);
}

START_TEST(test_fresh_device_boots_factory_bank_a)
{
	struct fwupdate_image_info info;
	struct fwupdate_boot_result br;
	struct fwupdate_tc tc;

	power_on(&br);
	ck_assert_int_eq(br.bank, 0);
	ck_assert_str_eq(br.version, "1.0.0");
	ck_assert(!br.tc_pending);
	ck_assert(!fwupdate_pending_transfer_complete(fw, &tc));
	ck_assert_int_eq(fwupdate_image_info(fw, 0, &info), 0);
	ck_assert_str_eq(fwupdate_image_status_name(info.status), "Active");
	ck_assert_int_eq(fwupdate_image_info(fw, 1, &info), 0);
	ck_assert_str_eq(fwupdate_image_status_name(info.status), "NoImage");
}
END_TEST

START_TEST(test_update_succeeds_and_reports_tc_0)
{
	struct fwt_image opt = { .version = "2.0.0" };
	struct fwupdate_image_info info;
	struct fwupdate_boot_result br;
	struct fwupdate_result res;

	/* This one runs with fsync on, as a single device would. */
	conf.nosync = false;
	reopen();
	ck_assert_int_eq(fwupdate_boot(fw, &br, &(const char *){ 0 }), 0);
	ck_assert_int_eq(download(&opt, &res), 1);
	ck_assert(res.reboot);
	ck_assert_int_eq(fwupdate_phase(fw), FWUPDATE_PHASE_ARMED);
	power_on(&br);
	ck_assert_int_eq(br.bank, 1);
	ck_assert_str_eq(br.version, "2.0.0");
	ck_assert(br.tc_pending);
	ck_assert(br.version_changed);
	ck_assert_int_eq(br.tc.fault_code, 0);
	ck_assert_str_eq(br.tc.command_key, "key-1");
	ck_assert_str_eq(br.tc.old_version, "1.0.0");
	ck_assert(br.tc.start_time <= br.tc.complete_time);
	ck_assert_int_eq(fwupdate_boot_bank(fw), 1);
	/* Before the next power-on, the bank that ran last is active. */
	reopen();
	ck_assert_int_eq(fwupdate_active_bank(fw), 1);
	ck_assert_str_eq(fwupdate_version(fw), "2.0.0");
	fwupdate_image_info(fw, 1, &info);
	ck_assert_str_eq(fwupdate_image_status_name(info.status), "Active");
	fwupdate_image_info(fw, 0, &info);
	ck_assert_str_eq(fwupdate_image_status_name(info.status), "Available");
	/* The TC survives reboots until acknowledged, never duplicated. */
	power_on(&br);
	ck_assert(br.tc_pending);
	ck_assert_int_eq(br.bank, 1);
	ack("key-1");
	ck_assert_int_eq(fwupdate_phase(fw), FWUPDATE_PHASE_NONE);
	power_on(&br);
	ck_assert(!br.tc_pending);
	ck_assert_int_eq(br.bank, 1);
	/* A second update goes to bank A. */
	opt.version = "3.0.0";
	ck_assert_int_eq(download(&opt, &res), 1);
	power_on(&br);
	ck_assert_int_eq(br.bank, 0);
	ck_assert_str_eq(br.version, "3.0.0");
	ck_assert_int_eq(br.tc.fault_code, 0);
}
END_TEST

struct fail_case {
	const char	*name;
	struct fwt_image opt;
	uint64_t	 file_size;	/* 0: exact; 1: one byte more */
	int		 flip;		/* flip a byte in the file */
	int		 code;
};

static const struct fail_case fail_cases[] = {
	{ "bad signature", { .flags = FWIMAGE_BUILD_BAD_SIG }, 0, 0, 9019 },
	{ "unknown key", { .other_key = 1 }, 0, 0, 9019 },
	{ "unsigned", { .flags = FWIMAGE_BUILD_NO_SIG }, 0, 0, 9019 },
	{ "tampered", { .flags = FWIMAGE_BUILD_TAMPER }, 0, 0, 9019 },
	{ "wrong board", { .model = "OTHER" }, 0, 0, 9018 },
	{ "wrong revision", { .hwrev = "A0" }, 0, 0, 9018 },
	{ "flipped byte", { .rootfs_len = 40000 }, 0, 1, 9018 },
	{ "unsafe member", { .flags = FWIMAGE_BUILD_UNSAFE }, 0, 0, 9018 },
	{ "truncated", { .version = "2.0.0" }, 1, 0, 9017 },
	{ "rootfs too big", { .rootfs_len = 200000 }, 0, 0, 9010 },
	{ "kernel too big", { .kernel_len = 40000 }, 0, 0, 9010 },
};

START_TEST(test_bad_image_fails_without_reboot)
{
	const struct fail_case *fc = &fail_cases[_i];
	struct fwupdate_download d = dl;
	struct fwupdate_image_info info;
	struct fwupdate_boot_result br;
	struct fwupdate_result res;
	const char *errstr;
	uint8_t *data;
	size_t len;

	fwt_image(img, &fc->opt);
	data = fwt_slurp(img, &len);
	if (fc->flip)
		data[len / 2] ^= 0x01;
	d.file_size = fc->file_size ? len + 1 : len;
	ck_assert_int_eq(fwupdate_begin(fw, &d, &errstr), 0);
	fwt_spit(fwupdate_download_path(fw), data, len);
	free(data);
	ck_assert_int_eq(fwupdate_apply(fw, &d, &res), 0);
	ck_assert_msg(res.fault_code == fc->code, "%s: %d %s", fc->name,
	    res.fault_code, res.fault_string);
	ck_assert(!res.reboot);
	ck_assert_int_eq(fwupdate_phase(fw), FWUPDATE_PHASE_NONE);
	ck_assert_int_ne(access(fwupdate_download_path(fw), F_OK), 0);
	fwupdate_image_info(fw, 1, &info);
	ck_assert(!info.available);
	power_on(&br);
	ck_assert_int_eq(br.bank, 0);
	ck_assert_str_eq(br.version, "1.0.0");
	ck_assert(br.tc_pending);
	ck_assert_int_eq(br.tc.fault_code, fc->code);
	ck_assert(!br.version_changed);
}
END_TEST

START_TEST(test_transport_failure_records_tc)
{
	struct fwupdate_boot_result br;
	const char *errstr;

	ck_assert_int_eq(fwupdate_begin(fw, &dl, &errstr), 0);
	ck_assert_int_eq(fwupdate_fail(fw, &dl, 9003, "no", &errstr), -1);
	ck_assert_int_eq(fwupdate_fail(fw, &dl, 9016, "HTTP 404", &errstr), 0);
	power_on(&br);
	ck_assert(br.tc_pending);
	ck_assert_int_eq(br.tc.fault_code, 9016);
	ck_assert_str_eq(br.tc.fault_string, "HTTP 404");
	ck_assert_int_eq(br.bank, 0);
	ack("key-1");
	power_on(&br);
	ck_assert(!br.tc_pending);
}
END_TEST

/* Section 8: the cut point, the bank that runs after it, the TC code. */
struct cut_case {
	const char	*cut;
	int		 bank;
	int		 code;
};

static const struct cut_case cut_cases[] = {
	{ "download", 0, 9017 },
	{ "verify", 0, 9017 },
	{ "kernel", 0, 9010 },
	{ "rootfs", 0, 9010 },
	{ "arm", 0, 9010 },
	{ "armed", 1, 0 },
	{ "trial", 1, 0 },
	{ "commit", 1, 0 },
};

START_TEST(test_power_cut_recovers_from_journal)
{
	const struct cut_case *cc = &cut_cases[_i];
	struct fwt_image opt = { .version = "2.0.0" };
	struct fwupdate_boot_result br;
	struct fwupdate_result res;
	enum fwupdate_cut cut;
	int rv;

	ck_assert_int_eq(fwupdate_cut_from_name(cc->cut, &cut), 0);
	fwupdate_set_cut(fw, cut);
	rv = download(&opt, &res);
	if (cut <= FWUPDATE_CUT_ARMED) {
		ck_assert_msg(res.power_cut, "%s: %s", cc->cut,
		    res.fault_string);
		ck_assert_int_eq(rv, 0);
	} else
		ck_assert_int_eq(rv, 1);
	/* The one-shot cut of trial and commit fires at the power-on. */
	if (cut > FWUPDATE_CUT_ARMED) {
		fwupdate_set_cut(fw, cut);
		ck_assert_int_eq(fwupdate_boot(fw, &br, &(const char *){ 0 }),
		    0);
		ck_assert(br.power_cut);
	}
	power_on(&br);
	ck_assert_msg(br.bank == cc->bank, "%s: bank %d", cc->cut, br.bank);
	ck_assert(br.tc_pending);
	ck_assert_msg(br.tc.fault_code == cc->code, "%s: %d %s", cc->cut,
	    br.tc.fault_code, br.tc.fault_string);
	check_invariant(&br, "2.0.0");
	/* Booting again gives the same answer (section 3.5). */
	power_on(&br);
	ck_assert_int_eq(br.bank, cc->bank);
	ck_assert_int_eq(br.tc.fault_code, cc->code);
	ack("key-1");
	power_on(&br);
	ck_assert(!br.tc_pending);
	ck_assert_int_eq(fwupdate_phase(fw), FWUPDATE_PHASE_NONE);
}
END_TEST

START_TEST(test_image_failing_every_boot_rolls_back)
{
	struct fwt_image opt = { .boot_fail = FWIMAGE_BOOT_FAIL_ALWAYS };
	struct fwupdate_image_info info;
	struct fwupdate_boot_result br;
	struct fwupdate_result res;

	ck_assert_int_eq(download(&opt, &res), 1);
	power_on(&br);
	ck_assert_int_eq(br.bank, 0);
	ck_assert_uint_eq(br.boots, FWUPDATE_ATTEMPTS_DEFAULT + 1);
	ck_assert_str_eq(br.version, "1.0.0");
	ck_assert(br.tc_pending);
	ck_assert_int_eq(br.tc.fault_code, 9010);
	ck_assert_ptr_nonnull(strstr(br.tc.fault_string,
	    "activation failed after 3 attempts: kernel panic"));
	ck_assert(!br.version_changed);
	fwupdate_image_info(fw, 1, &info);
	ck_assert_str_eq(fwupdate_image_status_name(info.status),
	    "ActivationFailed");
	ck_assert_ptr_nonnull(strstr(info.boot_failure_log, "kernel panic"));
	/* BootFirmwareImage still names the target (D5); B never boots. */
	ck_assert_int_eq(fwupdate_boot_bank(fw), 1);
	power_on(&br);
	ck_assert_int_eq(br.bank, 0);
	ck_assert_uint_eq(br.boots, 1);
}
END_TEST

START_TEST(test_image_failing_some_boots_commits)
{
	struct fwt_image opt = { .boot_fail = FWUPDATE_ATTEMPTS_DEFAULT - 1 };
	struct fwupdate_image_info info;
	struct fwupdate_boot_result br;
	struct fwupdate_result res;
	const char *p;
	int n = 0;

	ck_assert_int_eq(download(&opt, &res), 1);
	power_on(&br);
	ck_assert_int_eq(br.bank, 1);
	ck_assert_uint_eq(br.boots, FWUPDATE_ATTEMPTS_DEFAULT);
	ck_assert_int_eq(br.tc.fault_code, 0);
	fwupdate_image_info(fw, 1, &info);
	for (p = info.boot_failure_log; (p = strchr(p, '\n')) != NULL; p++)
		n++;
	ck_assert_int_eq(n, FWUPDATE_ATTEMPTS_DEFAULT - 1);
}
END_TEST

START_TEST(test_injected_boot_failure_rolls_back)
{
	struct fwt_image opt = { .version = "2.0.0" };
	struct fwupdate_boot_result br;
	struct fwupdate_result res;
	const char *errstr;

	/* Injected before the install, kept through it. */
	ck_assert_int_eq(fwupdate_inject_boot_failures(fw, 1, 100,
	    "init crashed", &errstr), 0);
	ck_assert_int_eq(download(&opt, &res), 1);
	power_on(&br);
	ck_assert_int_eq(br.bank, 0);
	ck_assert_int_eq(br.tc.fault_code, 9010);
	ck_assert_ptr_nonnull(strstr(br.tc.fault_string, "init crashed"));
}
END_TEST

START_TEST(test_repeated_trial_cuts_converge)
{
	struct fwt_image opt = { .version = "2.0.0" };
	struct fwupdate_boot_result br;
	struct fwupdate_result res;
	const char *errstr;
	int i;

	ck_assert_int_eq(download(&opt, &res), 1);
	for (i = 0; i < FWUPDATE_ATTEMPTS_DEFAULT; i++) {
		reopen();
		fwupdate_set_cut(fw, FWUPDATE_CUT_TRIAL);
		ck_assert_int_eq(fwupdate_boot(fw, &br, &errstr), 0);
		if (!br.power_cut)
			break;
	}
	ck_assert_int_eq(i, FWUPDATE_ATTEMPTS_DEFAULT);
	/* Every attempt of B was used by a cut: A boots, TC 9010. */
	power_on(&br);
	ck_assert_int_eq(br.bank, 0);
	ck_assert_int_eq(br.tc.fault_code, 9010);
}
END_TEST

START_TEST(test_cut_for_next_power_on_survives_reopen)
{
	struct fwt_image opt = { .version = "2.0.0" };
	struct fwupdate_boot_result br;
	struct fwupdate_result res;
	const char *errstr;

	fwupdate_set_cut(fw, FWUPDATE_CUT_TRIAL);
	ck_assert_int_eq(download(&opt, &res), 1);
	reopen();
	ck_assert_int_eq(fwupdate_boot(fw, &br, &errstr), 0);
	ck_assert(br.power_cut);
	power_on(&br);
	ck_assert_int_eq(br.bank, 1);
	ck_assert_int_eq(br.tc.fault_code, 0);
}
END_TEST

START_TEST(test_factory_bad_blocks_in_kernel_are_skipped)
{
	struct fwt_image opt = { .version = "2.0.0" };
	struct fwupdate_boot_result br;
	struct fwupdate_result res;
	const char *errstr;

	ck_assert_int_eq(fwupdate_inject_flash(fw, "kernel1", 0,
	    FLASH_SIM_FAULT_BAD, &errstr), 0);
	ck_assert_int_eq(fwupdate_inject_flash(fw, "rg1", 3,
	    FLASH_SIM_FAULT_PROGRAM, &errstr), 0);
	ck_assert_int_eq(fwupdate_inject_flash(fw, "rg1", 4,
	    FLASH_SIM_FAULT_BITFLIP, &errstr), 0);
	ck_assert_int_eq(download(&opt, &res), 1);
	power_on(&br);
	ck_assert_int_eq(br.bank, 1);
	ck_assert_int_eq(br.tc.fault_code, 0);
}
END_TEST

START_TEST(test_too_many_bad_blocks_fails_9010)
{
	struct fwt_image opt = { .version = "2.0.0" };
	struct fwupdate_boot_result br;
	struct fwupdate_result res;
	const char *errstr;
	uint32_t b;

	/* kernel1 has 4 blocks and 2 spares: 3 bad leave no room. */
	for (b = 0; b < 3; b++)
		ck_assert_int_eq(fwupdate_inject_flash(fw, "kernel1", b,
		    FLASH_SIM_FAULT_BAD, &errstr), 0);
	ck_assert_int_eq(download(&opt, &res), 0);
	ck_assert_int_eq(res.fault_code, 9010);
	power_on(&br);
	ck_assert_int_eq(br.bank, 0);
	ck_assert_int_eq(br.tc.fault_code, 9010);
}
END_TEST

START_TEST(test_runtime_failures_beyond_spares_fail_9010)
{
	struct fwt_image opt = { .version = "2.0.0", .kernel_len = 30000 };
	struct fwupdate_result res;
	const char *errstr;

	/* Two blocks needed out of four; three fail at run time. */
	ck_assert_int_eq(fwupdate_inject_flash(fw, "kernel1", 0,
	    FLASH_SIM_FAULT_ERASE, &errstr), 0);
	ck_assert_int_eq(fwupdate_inject_flash(fw, "kernel1", 1,
	    FLASH_SIM_FAULT_PROGRAM, &errstr), 0);
	ck_assert_int_eq(fwupdate_inject_flash(fw, "kernel1", 2,
	    FLASH_SIM_FAULT_PROGRAM, &errstr), 0);
	ck_assert_int_eq(download(&opt, &res), 0);
	ck_assert_int_eq(res.fault_code, 9010);
	ck_assert_ptr_nonnull(strstr(res.fault_string, "flash write failed"));
}
END_TEST

START_TEST(test_uncorrectable_ecc_in_rootfs_fails_9010)
{
	struct fwt_image opt = { .version = "2.0.0" };
	struct fwupdate_result res;
	const char *errstr;

	ck_assert_int_eq(fwupdate_inject_flash(fw, "rg1", 2,
	    FLASH_SIM_FAULT_ECC, &errstr), 0);
	ck_assert_int_eq(download(&opt, &res), 0);
	ck_assert_int_eq(res.fault_code, 9010);
	ck_assert_ptr_nonnull(strstr(res.fault_string, "rg1"));
}
END_TEST

START_TEST(test_silent_corruption_caught_by_readback)
{
	struct fwt_image opt = { .version = "2.0.0" };
	struct fwupdate_result res;
	const char *errstr;

	ck_assert_int_eq(fwupdate_inject_flash(fw, "kernel1", 0,
	    FLASH_SIM_FAULT_SILENT, &errstr), 0);
	ck_assert_int_eq(download(&opt, &res), 0);
	ck_assert_int_eq(res.fault_code, 9010);
	ck_assert_ptr_nonnull(strstr(res.fault_string, "readback mismatch"));
}
END_TEST

START_TEST(test_stored_firmware_is_not_activated)
{
	struct fwt_image opt = { .version = "2.0.0" };
	struct fwupdate_download d = dl;
	struct fwupdate_image_info info;
	struct fwupdate_boot_result br;
	struct fwupdate_result res;
	const char *errstr;
	int fault;

	d.no_activate = true;
	fwt_image(img, &opt);
	ck_assert_int_eq(fwupdate_begin(fw, &d, &errstr), 0);
	fwt_copy(img, fwupdate_download_path(fw));
	ck_assert_int_eq(fwupdate_apply(fw, &d, &res), 0);
	ck_assert_int_eq(res.fault_code, 0);
	fwupdate_image_info(fw, 1, &info);
	ck_assert(info.available);
	ck_assert_str_eq(info.version, "2.0.0");
	power_on(&br);
	ck_assert_int_eq(br.bank, 0);
	ck_assert_int_eq(br.tc.fault_code, 0);
	ack("key-1");
	/* Activation: the ACS sets BootFirmwareImage, then reboots. */
	ck_assert_int_eq(fwupdate_set_boot_bank(fw, 1, &fault, &errstr), 0);
	power_on(&br);
	ck_assert_int_eq(br.bank, 1);
	ck_assert_str_eq(br.version, "2.0.0");
}
END_TEST

START_TEST(test_boot_image_must_be_available)
{
	const char *errstr;
	int fault;

	ck_assert_int_eq(fwupdate_set_boot_bank(fw, 1, &fault, &errstr), -1);
	ck_assert_int_eq(fault, 9007);
}
END_TEST

START_TEST(test_downgrade_refused_by_policy)
{
	struct fwt_image opt = { .version = "0.9.0" };
	struct fwupdate_result res;

	conf.refuse_downgrade = true;
	reopen();
	{
		struct fwupdate_boot_result br;
		const char *errstr;

		ck_assert_int_eq(fwupdate_boot(fw, &br, &errstr), 0);
	}
	ck_assert_int_eq(download(&opt, &res), 0);
	ck_assert_int_eq(res.fault_code, 9010);
	ck_assert_ptr_nonnull(strstr(res.fault_string, "downgrade"));
}
END_TEST

START_TEST(test_health_inform_waits_for_first_inform)
{
	struct fwt_image opt = { .version = "2.0.0" };
	struct fwupdate_boot_result br;
	struct fwupdate_result res;
	struct fwupdate_tc tc;
	const char *errstr;

	conf.health = FWUPDATE_HEALTH_INFORM;
	ck_assert_int_eq(download(&opt, &res), 1);
	power_on(&br);
	ck_assert_int_eq(br.bank, 1);
	ck_assert(br.trial);
	ck_assert(!br.tc_pending);
	ck_assert_int_eq(fwupdate_health_ok(fw, &errstr), 0);
	ck_assert(fwupdate_pending_transfer_complete(fw, &tc));
	ck_assert_int_eq(tc.fault_code, 0);
	ck_assert_int_eq(fwupdate_health_ok(fw, &errstr), -1);
}
END_TEST

START_TEST(test_second_update_refused_while_one_runs)
{
	const char *errstr;

	ck_assert_int_eq(fwupdate_begin(fw, &dl, &errstr), 0);
	ck_assert_int_eq(fwupdate_begin(fw, &dl, &errstr), -1);
}
END_TEST

static Suite *
fwupdate_suite(void)
{
	Suite *s = suite_create("fwupdate");
	TCase *tc;

	tc = tcase_create("update");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_fresh_device_boots_factory_bank_a);
	tcase_add_test(tc, test_update_succeeds_and_reports_tc_0);
	tcase_add_loop_test(tc, test_bad_image_fails_without_reboot, 0,
	    sizeof(fail_cases) / sizeof(fail_cases[0]));
	tcase_add_test(tc, test_transport_failure_records_tc);
	tcase_add_test(tc, test_stored_firmware_is_not_activated);
	tcase_add_test(tc, test_boot_image_must_be_available);
	tcase_add_test(tc, test_downgrade_refused_by_policy);
	tcase_add_test(tc, test_second_update_refused_while_one_runs);
	suite_add_tcase(s, tc);
	tc = tcase_create("power_cut");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 30);
	tcase_add_loop_test(tc, test_power_cut_recovers_from_journal, 0,
	    sizeof(cut_cases) / sizeof(cut_cases[0]));
	tcase_add_test(tc, test_repeated_trial_cuts_converge);
	tcase_add_test(tc, test_cut_for_next_power_on_survives_reopen);
	suite_add_tcase(s, tc);
	tc = tcase_create("boot");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_image_failing_every_boot_rolls_back);
	tcase_add_test(tc, test_image_failing_some_boots_commits);
	tcase_add_test(tc, test_injected_boot_failure_rolls_back);
	tcase_add_test(tc, test_health_inform_waits_for_first_inform);
	suite_add_tcase(s, tc);
	tc = tcase_create("flash");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_factory_bad_blocks_in_kernel_are_skipped);
	tcase_add_test(tc, test_too_many_bad_blocks_fails_9010);
	tcase_add_test(tc, test_runtime_failures_beyond_spares_fail_9010);
	tcase_add_test(tc, test_uncorrectable_ecc_in_rootfs_fails_9010);
	tcase_add_test(tc, test_silent_corruption_caught_by_readback);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return ck_run(fwupdate_suite());
}
