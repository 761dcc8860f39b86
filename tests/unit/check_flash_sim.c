/*
 * check_flash_sim.c: simulated flash semantics (FIRMWARE.md section 4.1 and
 * scenarios D 23-29): NOR AND-programming and blank-block erase skipping,
 * NAND page rules, bad-block skipping and marking, ECC, UBI update marker,
 * power cuts, and persistence of bad blocks across a re-open.
 */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "lib/flash_sim.h"
#include "lib/xmalloc.h"
#include "tests/unit/check_fw_util.h"
#include "tests/unit/ck_run.h"

#define PAGE	512
#define BLOCK	4096
#define NBLK	16

static char *dir, *path;
static struct flash_sim *fs;
static struct flash_sim_part part;

static void
open_dev(enum flash_sim_type type)
{
	struct flash_sim_geom g = { type, PAGE, BLOCK, NBLK };
	const char *errstr;

	ck_assert_msg(flash_sim_open(&fs, path, &g, &errstr) == 0, "%s",
	    errstr);
	memset(&part, 0, sizeof(part));
	strlcpy(part.name, "p", sizeof(part.name));
	part.dev = fs;
	part.first = 2;
	part.nblocks = 8;
}

static void
setup(void)
{
	dir = fwt_tmpdir();
	xasprintf(&path, "%s/flash", dir);
}

static void
teardown(void)
{
	flash_sim_free(fs);
	fs = NULL;
	fwt_rmdir(dir);
	free(dir);
	free(path);
}

static uint8_t *
pattern(size_t len, int seed)
{
	uint8_t *p = xmalloc(len);
	size_t i;

	for (i = 0; i < len; i++)
		p[i] = (uint8_t)(i * 7 + seed + (i >> 9));
	return p;
}

START_TEST(test_nor_program_only_clears_bits)
{
	const char *errstr;
	uint8_t b;

	open_dev(FLASH_SIM_NOR);
	ck_assert_int_eq(flash_sim_read(fs, 100, &b, 1, NULL, &errstr), 0);
	ck_assert_uint_eq(b, 0xff);
	b = 0xf0;
	ck_assert_int_eq(flash_sim_program(fs, 100, &b, 1, &errstr), 0);
	b = 0x3c;
	ck_assert_int_eq(flash_sim_program(fs, 100, &b, 1, &errstr), 0);
	ck_assert_int_eq(flash_sim_read(fs, 100, &b, 1, NULL, &errstr), 0);
	ck_assert_uint_eq(b, 0x30);
	ck_assert_int_eq(flash_sim_erase(fs, 0, &errstr), 0);
	ck_assert_int_eq(flash_sim_read(fs, 100, &b, 1, NULL, &errstr), 0);
	ck_assert_uint_eq(b, 0xff);
}
END_TEST

START_TEST(test_nor_part_write_skips_blank_erase)
{
	struct flash_sim_stats st;
	uint8_t *d = pattern(BLOCK * 2, 1), *r = xmalloc(BLOCK * 2);
	const char *errstr;

	open_dev(FLASH_SIM_NOR);
	ck_assert_int_eq(flash_sim_part_write(&part, d, BLOCK * 2, &st,
	    &errstr), 0);
	ck_assert_uint_eq(st.erase_skipped, 2);
	ck_assert_uint_eq(st.erased, 0);
	ck_assert_int_eq(flash_sim_part_write(&part, d, BLOCK * 2, &st,
	    &errstr), 0);
	ck_assert_uint_eq(st.erased, 2);
	ck_assert_int_eq(flash_sim_part_read(&part, r, BLOCK * 2, NULL,
	    &errstr), 0);
	ck_assert_int_eq(memcmp(d, r, BLOCK * 2), 0);
	/* A program error on NOR is fatal for the write (9010). */
	ck_assert_int_eq(flash_sim_inject(fs, part.first, 0,
	    FLASH_SIM_FAULT_PROGRAM, &errstr), 0);
	ck_assert_int_eq(flash_sim_part_write(&part, d, BLOCK, &st, &errstr),
	    -1);
	free(d);
	free(r);
}
END_TEST

START_TEST(test_nand_rejects_rewrite_unaligned_and_out_of_order)
{
	uint8_t *d = pattern(PAGE, 2);
	const char *errstr;

	open_dev(FLASH_SIM_NAND);
	ck_assert_int_eq(flash_sim_program(fs, PAGE * 2, d, PAGE, &errstr), 0);
	ck_assert_int_eq(flash_sim_program(fs, PAGE * 2, d, PAGE, &errstr),
	    -1);
	ck_assert_int_eq(flash_sim_program(fs, PAGE, d, PAGE, &errstr), -1);
	ck_assert_int_eq(flash_sim_program(fs, PAGE * 3 + 1, d, PAGE - 1,
	    &errstr), -1);
	ck_assert_int_eq(flash_sim_program(fs, PAGE * 3, d, PAGE, &errstr), 0);
	ck_assert_int_eq(flash_sim_erase(fs, 0, &errstr), 0);
	ck_assert_int_eq(flash_sim_program(fs, 0, d, PAGE, &errstr), 0);
	free(d);
}
END_TEST

START_TEST(test_nand_part_write_skips_factory_bad_blocks)
{
	size_t len = BLOCK * 3 + 100;
	uint8_t *d = pattern(len, 3), *r = xmalloc(len);
	struct flash_sim_stats st;
	const char *errstr;

	open_dev(FLASH_SIM_NAND);
	ck_assert_int_eq(flash_sim_inject(fs, part.first + 1, 0,
	    FLASH_SIM_FAULT_BAD, &errstr), 0);
	ck_assert_uint_eq(flash_sim_part_capacity(&part, 2), BLOCK * 5);
	ck_assert_int_eq(flash_sim_part_write(&part, d, len, &st, &errstr), 0);
	ck_assert_uint_eq(st.skipped, 1);
	ck_assert_int_eq(flash_sim_part_read(&part, r, len, &st, &errstr), 0);
	ck_assert_uint_eq(st.skipped, 1);
	ck_assert_int_eq(memcmp(d, r, len), 0);
	free(d);
	free(r);
}
END_TEST

START_TEST(test_nand_runtime_failures_mark_blocks_bad)
{
	size_t len = BLOCK * 2;
	uint8_t *d = pattern(len, 4), *r = xmalloc(len);
	struct flash_sim_stats st;
	const char *errstr;

	open_dev(FLASH_SIM_NAND);
	ck_assert_int_eq(flash_sim_inject(fs, part.first, 0,
	    FLASH_SIM_FAULT_ERASE, &errstr), 0);
	ck_assert_int_eq(flash_sim_inject(fs, part.first + 2, 0,
	    FLASH_SIM_FAULT_PROGRAM, &errstr), 0);
	ck_assert_int_eq(flash_sim_part_write(&part, d, len, &st, &errstr), 0);
	ck_assert_uint_eq(st.marked_bad, 2);
	ck_assert(flash_sim_block_is_bad(fs, part.first));
	ck_assert(flash_sim_block_is_bad(fs, part.first + 2));
	ck_assert_uint_eq(flash_sim_bad_count(fs, part.first, part.nblocks), 2);
	ck_assert_int_eq(flash_sim_part_read(&part, r, len, NULL, &errstr), 0);
	ck_assert_int_eq(memcmp(d, r, len), 0);
	/* Bad blocks are persistent across a re-open. */
	flash_sim_free(fs);
	open_dev(FLASH_SIM_NAND);
	ck_assert_uint_eq(flash_sim_bad_count(fs, part.first, part.nblocks), 2);
	free(d);
	free(r);
}
END_TEST

START_TEST(test_nand_too_many_bad_blocks)
{
	uint8_t *d = pattern(BLOCK * 3, 5);
	const char *errstr;
	uint32_t b;

	open_dev(FLASH_SIM_NAND);
	for (b = 0; b < 6; b++)
		ck_assert_int_eq(flash_sim_inject(fs, part.first + b, 0,
		    FLASH_SIM_FAULT_BAD, &errstr), 0);
	ck_assert_uint_eq(flash_sim_part_capacity(&part, 2), 0);
	ck_assert_int_eq(flash_sim_part_write(&part, d, BLOCK * 3, NULL,
	    &errstr), -1);
	ck_assert_str_eq(errstr, "too many bad blocks");
	free(d);
}
END_TEST

START_TEST(test_nand_ecc_corrected_and_uncorrectable)
{
	uint8_t *d = pattern(BLOCK, 6), *r = xmalloc(BLOCK);
	struct flash_sim_stats st;
	const char *errstr;

	open_dev(FLASH_SIM_NAND);
	ck_assert_int_eq(flash_sim_part_write(&part, d, BLOCK, NULL, &errstr),
	    0);
	ck_assert_int_eq(flash_sim_inject(fs, part.first, 1,
	    FLASH_SIM_FAULT_BITFLIP, &errstr), 0);
	memset(&st, 0, sizeof(st));
	ck_assert_int_eq(flash_sim_part_read(&part, r, BLOCK, &st, &errstr), 0);
	ck_assert_uint_eq(st.corrected, 1);
	ck_assert_int_eq(memcmp(d, r, BLOCK), 0);
	ck_assert_int_eq(flash_sim_inject(fs, part.first, 0,
	    FLASH_SIM_FAULT_SILENT, &errstr), 0);
	ck_assert_int_eq(flash_sim_part_read(&part, r, BLOCK, &st, &errstr), 0);
	ck_assert_int_ne(memcmp(d, r, BLOCK), 0);
	ck_assert_int_eq(flash_sim_inject(fs, part.first, 3,
	    FLASH_SIM_FAULT_ECC, &errstr), 0);
	ck_assert_int_eq(flash_sim_part_read(&part, r, BLOCK, &st, &errstr),
	    -1);
	ck_assert_str_eq(errstr, "uncorrectable ECC error");
	free(d);
	free(r);
}
END_TEST

START_TEST(test_power_cut_leaves_operation_half_done)
{
	uint8_t *d = pattern(PAGE, 7), *r = xmalloc(PAGE);
	const char *errstr;

	open_dev(FLASH_SIM_NAND);
	flash_sim_cut_after(fs, 2);
	ck_assert_int_eq(flash_sim_erase(fs, 1, &errstr), 0);
	ck_assert_int_eq(flash_sim_program(fs, BLOCK, d, PAGE, &errstr), -1);
	ck_assert(flash_sim_is_cut(fs));
	ck_assert_int_eq(flash_sim_erase(fs, 2, &errstr), -1);
	flash_sim_free(fs);
	open_dev(FLASH_SIM_NAND);
	ck_assert_int_eq(flash_sim_read(fs, BLOCK, r, PAGE, NULL, &errstr), 0);
	ck_assert_int_eq(memcmp(d, r, PAGE / 2), 0);
	ck_assert_uint_eq(r[PAGE - 1], 0xff);
	free(d);
	free(r);
}
END_TEST

START_TEST(test_ubi_update_and_read)
{
	uint8_t *d = pattern(BLOCK * 2 + 10, 8);
	struct flash_sim_ubi_info ui;
	const char *errstr;
	size_t len;
	void *r;

	open_dev(FLASH_SIM_NAND);
	ck_assert_int_eq(flash_sim_ubi_format(&part, "rootfs", &errstr), 0);
	ck_assert_int_eq(flash_sim_ubi_info(&part, &ui, &errstr), 0);
	ck_assert_uint_eq(ui.reserved, BLOCK * 4);
	ck_assert_int_eq(flash_sim_ubi_update(&part, "rootfs", d,
	    BLOCK * 2 + 10, NULL, &errstr), 0);
	ck_assert_int_eq(flash_sim_ubi_read(&part, "rootfs", &r, &len, NULL,
	    &errstr), 0);
	ck_assert_uint_eq(len, BLOCK * 2 + 10);
	ck_assert_int_eq(memcmp(r, d, len), 0);
	free(r);
	ck_assert_int_eq(flash_sim_ubi_read(&part, "other", &r, &len, NULL,
	    &errstr), -1);
	free(d);
	d = pattern(BLOCK * 5, 9);
	ck_assert_int_eq(flash_sim_ubi_update(&part, "rootfs", d, BLOCK * 5,
	    NULL, &errstr), -1);
	ck_assert_str_eq(errstr, "UBI volume too small for the image");
	free(d);
}
END_TEST

START_TEST(test_ubi_interrupted_update_damages_volume)
{
	uint8_t *d = pattern(BLOCK * 2, 10);
	struct flash_sim_ubi_info ui;
	const char *errstr;
	size_t len;
	void *r;

	open_dev(FLASH_SIM_NAND);
	ck_assert_int_eq(flash_sim_ubi_format(&part, "rootfs", &errstr), 0);
	flash_sim_cut_after(fs, 6);
	ck_assert_int_eq(flash_sim_ubi_update(&part, "rootfs", d, BLOCK * 2,
	    NULL, &errstr), -1);
	flash_sim_free(fs);
	open_dev(FLASH_SIM_NAND);
	ck_assert_int_eq(flash_sim_ubi_info(&part, &ui, &errstr), 0);
	ck_assert(ui.upd_marker);
	ck_assert_int_eq(flash_sim_ubi_read(&part, "rootfs", &r, &len, NULL,
	    &errstr), -1);
	ck_assert_ptr_nonnull(strstr(errstr, "interrupted"));
	/* Only a new, complete update makes it usable again. */
	ck_assert_int_eq(flash_sim_ubi_update(&part, "rootfs", d, BLOCK * 2,
	    NULL, &errstr), 0);
	ck_assert_int_eq(flash_sim_ubi_read(&part, "rootfs", &r, &len, NULL,
	    &errstr), 0);
	free(r);
	free(d);
}
END_TEST

START_TEST(test_ubi_uncorrectable_error_fails_read)
{
	uint8_t *d = pattern(BLOCK, 11);
	const char *errstr;
	size_t len;
	void *r;

	open_dev(FLASH_SIM_NAND);
	ck_assert_int_eq(flash_sim_ubi_format(&part, "rootfs", &errstr), 0);
	ck_assert_int_eq(flash_sim_ubi_update(&part, "rootfs", d, BLOCK, NULL,
	    &errstr), 0);
	/* Data starts after the two volume-table blocks. */
	ck_assert_int_eq(flash_sim_inject(fs, part.first + 2, 1,
	    FLASH_SIM_FAULT_ECC, &errstr), 0);
	ck_assert_int_eq(flash_sim_ubi_read(&part, "rootfs", &r, &len, NULL,
	    &errstr), -1);
	free(d);
}
END_TEST

START_TEST(test_open_rejects_other_geometry)
{
	struct flash_sim_geom g = { FLASH_SIM_NAND, PAGE, BLOCK, NBLK * 2 };
	struct flash_sim *other;
	const char *errstr;

	open_dev(FLASH_SIM_NAND);
	ck_assert_int_eq(flash_sim_open(&other, path, &g, &errstr), -1);
	g.nblocks = NBLK;
	g.page_size = 3;
	ck_assert_int_eq(flash_sim_open(&other, path, &g, &errstr), -1);
}
END_TEST

static Suite *
flash_sim_suite(void)
{
	Suite *s = suite_create("flash_sim");
	TCase *tc;

	tc = tcase_create("nor");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_nor_program_only_clears_bits);
	tcase_add_test(tc, test_nor_part_write_skips_blank_erase);
	suite_add_tcase(s, tc);
	tc = tcase_create("nand");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_nand_rejects_rewrite_unaligned_and_out_of_order);
	tcase_add_test(tc, test_nand_part_write_skips_factory_bad_blocks);
	tcase_add_test(tc, test_nand_runtime_failures_mark_blocks_bad);
	tcase_add_test(tc, test_nand_too_many_bad_blocks);
	tcase_add_test(tc, test_nand_ecc_corrected_and_uncorrectable);
	tcase_add_test(tc, test_power_cut_leaves_operation_half_done);
	tcase_add_test(tc, test_open_rejects_other_geometry);
	suite_add_tcase(s, tc);
	tc = tcase_create("ubi");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_ubi_update_and_read);
	tcase_add_test(tc, test_ubi_interrupted_update_damages_volume);
	tcase_add_test(tc, test_ubi_uncorrectable_error_fails_read);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return ck_run(flash_sim_suite());
}
