/*
 * check_fwimage.c: the image reader, writer and manifest codec.  Every
 * corruption of FIRMWARE.md section 11 C maps to its fault code: damage
 * and unsafe members 9018, signature and hash problems 9019.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/fwimage.h"
#include "lib/xmalloc.h"
#include "tests/unit/check_fw_util.h"
#include "tests/unit/ck_run.h"

static char *dir;
static char *img;

static void
setup(void)
{
	dir = fwt_tmpdir();
	xasprintf(&img, "%s/image.zip", dir);
}

static void
teardown(void)
{
	fwt_rmdir(dir);
	free(dir);
	free(img);
}

/* Reads img with the default policy; returns the fault (0: accepted). */
static int
read_fault(const struct fwimage_policy *polp, const char **errstr)
{
	struct fwimage_policy pol;
	struct fwimage *fi;
	int fault = 0;

	if (polp == NULL)
		fwt_policy(&pol);
	else
		pol = *polp;
	*errstr = "";
	if (fwimage_read_file(&fi, img, &pol, &fault, errstr) == 0) {
		fwimage_free(fi);
		return 0;
	}
	ck_assert_int_ne(fault, 0);
	return fault;
}

static int
build_and_read(const struct fwt_image *opt, const char **errstr)
{
	fwt_image(img, opt);
	return read_fault(NULL, errstr);
}

START_TEST(test_read_accepts_good_zip_and_tar)
{
	struct fwt_image opt = { .version = "3.1.4" };
	const struct fwimage_manifest *m;
	struct fwimage_policy pol;
	struct fwimage *fi;
	const char *errstr;
	size_t len;
	int fault, f;

	for (f = 0; f < 2; f++) {
		opt.format = f == 0 ? FWIMAGE_FORMAT_ZIP : FWIMAGE_FORMAT_TAR;
		fwt_image(img, &opt);
		fwt_policy(&pol);
		ck_assert_msg(fwimage_read_file(&fi, img, &pol, &fault,
		    &errstr) == 0, "format %d: %s", f, errstr);
		m = fwimage_manifest(fi);
		ck_assert_str_eq(m->version, "3.1.4");
		ck_assert_str_eq(m->model, FWT_MODEL);
		ck_assert_uint_eq(m->ncomponents, 3);
		ck_assert_str_eq(m->components[2].partition, "rg");
		ck_assert_ptr_nonnull(fwimage_component_data(fi, 0, &len));
		ck_assert_uint_eq(len, 5000);
		ck_assert_ptr_null(fwimage_component_data(fi, 3, &len));
		fwimage_free(fi);
	}
}
END_TEST

START_TEST(test_read_rejects_flipped_byte_as_corrupt)
{
	struct fwt_image opt = { .rootfs_len = 60000 };
	const char *errstr;
	uint8_t *data;
	size_t len, off;

	fwt_image(img, &opt);
	data = fwt_slurp(img, &len);
	/* The rootfs (incompressible) fills the middle of the archive. */
	for (off = len * 2 / 5; off < len * 3 / 5; off += len / 50) {
		data[off] ^= 0x20;
		fwt_spit(img, data, len);
		ck_assert_msg(read_fault(NULL, &errstr) == FWIMAGE_FAULT_CORRUPT,
		    "offset %zu: %s", off, errstr);
		data[off] ^= 0x20;
	}
	free(data);
}
END_TEST

START_TEST(test_read_rejects_truncated_archive)
{
	struct fwt_image opt = { .format = (enum fwimage_format)_i };
	const char *errstr;
	uint8_t *data;
	size_t len, cut;

	fwt_image(img, &opt);
	data = fwt_slurp(img, &len);
	for (cut = 0; cut < len; cut += len / 7 + 1) {
		fwt_spit(img, data, cut);
		ck_assert_msg(read_fault(NULL, &errstr) == FWIMAGE_FAULT_CORRUPT,
		    "cut at %zu of %zu: %s", cut, len, errstr);
	}
	free(data);
}
END_TEST

START_TEST(test_read_rejects_non_archive)
{
	const char *errstr;

	fwt_spit(img, "hello, this is not a zip file\n", 30);
	ck_assert_int_eq(read_fault(NULL, &errstr), FWIMAGE_FAULT_CORRUPT);
}
END_TEST

START_TEST(test_read_rejects_other_model_and_revision)
{
	struct fwt_image opt = { .model = "OTHER-BOX" };
	const char *errstr;

	ck_assert_int_eq(build_and_read(&opt, &errstr), FWIMAGE_FAULT_CORRUPT);
	ck_assert_ptr_nonnull(strstr(errstr, "model"));
	opt.model = NULL;
	opt.hwrev = "Z9";
	ck_assert_int_eq(build_and_read(&opt, &errstr), FWIMAGE_FAULT_CORRUPT);
}
END_TEST

START_TEST(test_read_rejects_bad_missing_or_unknown_signature)
{
	struct fwt_image opt = { .flags = FWIMAGE_BUILD_BAD_SIG };
	struct fwimage_policy pol;
	const char *errstr;

	ck_assert_int_eq(build_and_read(&opt, &errstr), FWIMAGE_FAULT_AUTH);
	opt.flags = FWIMAGE_BUILD_NO_SIG;
	ck_assert_int_eq(build_and_read(&opt, &errstr), FWIMAGE_FAULT_AUTH);
	opt.flags = 0;
	opt.other_key = 1;
	ck_assert_int_eq(build_and_read(&opt, &errstr), FWIMAGE_FAULT_AUTH);
	/* No trusted key at all: nothing verifies. */
	opt.other_key = 0;
	fwt_image(img, &opt);
	fwt_policy(&pol);
	pol.nkeys = 0;
	ck_assert_int_eq(read_fault(&pol, &errstr), FWIMAGE_FAULT_AUTH);
}
END_TEST

START_TEST(test_read_rejects_tampered_component)
{
	struct fwt_image opt = { .flags = FWIMAGE_BUILD_TAMPER };
	const char *errstr;

	ck_assert_int_eq(build_and_read(&opt, &errstr), FWIMAGE_FAULT_AUTH);
	ck_assert_ptr_nonnull(strstr(errstr, "manifest"));
}
END_TEST

START_TEST(test_read_rejects_unsafe_members)
{
	static const unsigned int flags[] = { FWIMAGE_BUILD_UNSAFE,
		FWIMAGE_BUILD_SYMLINK, FWIMAGE_BUILD_DUPLICATE,
		FWIMAGE_BUILD_EXTRA };
	struct fwt_image opt = { .flags = flags[_i % 4],
		.format = (enum fwimage_format)(_i / 4) };
	const char *errstr;

	ck_assert_int_eq(build_and_read(&opt, &errstr), FWIMAGE_FAULT_CORRUPT);
}
END_TEST

START_TEST(test_read_bounds_zip_bomb)
{
	struct fwimage_entry e[1];
	struct fwimage_policy pol;
	const char *errstr;
	char *zeros;

	zeros = xcalloc(1, 16 * 1024 * 1024);
	e[0].name = "kernel";
	e[0].data = zeros;
	e[0].len = 16 * 1024 * 1024;
	e[0].symlink = false;
	ck_assert_int_eq(fwimage_archive_write(img, FWIMAGE_FORMAT_ZIP, e, 1,
	    &errstr), 0);
	free(zeros);
	ck_assert_int_eq(read_fault(NULL, &errstr), FWIMAGE_FAULT_CORRUPT);
	ck_assert_ptr_nonnull(strstr(errstr, "limit"));
	fwt_policy(&pol);
	pol.archive_max = 1000;
	ck_assert_int_eq(read_fault(&pol, &errstr), FWIMAGE_FAULT_TRANSFER);
}
END_TEST

START_TEST(test_manifest_roundtrip)
{
	struct fwimage_manifest m, back;
	const char *errstr;
	size_t len;
	char *text;

	memset(&m, 0, sizeof(m));
	strlcpy(m.model, "BCM7255-STB", sizeof(m.model));
	strlcpy(m.version, "2.0.0-rc1 (build 7)", sizeof(m.version));
	strlcpy(m.hw_revisions[0], "B1", sizeof(m.hw_revisions[0]));
	m.nhw_revisions = 1;
	m.boot_fail = 2;
	strlcpy(m.boot_fail_reason, "init crashed", sizeof(m.boot_fail_reason));
	strlcpy(m.components[0].name, "kernel", FWIMAGE_NAME_MAX);
	strlcpy(m.components[0].partition, "kernel", FWIMAGE_NAME_MAX);
	fwimage_component_hash(&m.components[0], "abc", 3);
	m.ncomponents = 1;
	ck_assert_ptr_nonnull(text = fwimage_manifest_emit(&m, &len, &errstr));
	ck_assert_int_eq(fwimage_manifest_parse(&back, text, len, &errstr), 0);
	free(text);
	ck_assert_int_eq(memcmp(&m, &back, sizeof(m)), 0);
}
END_TEST

static const char *bad_manifests[] = {
	"",
	"- a\n- b\n",
	"format: anthill-image-1\nmodel: X\nversion: 1\n",
	"format: anthill-image-9\nmodel: X\nversion: 1\ncomponents: []\n",
	"format: anthill-image-1\nmodel: X\nversion: 1\ncomponents: []\n",
	"format: anthill-image-1\nmodel: X\nversion: 1\nbogus: 1\n"
	    "components: [{name: k, partition: kernel, size: 1, sha256: "
	    "00}]\n",
	"format: anthill-image-1\nmodel: X\nversion: 1\n"
	    "components: [{name: k, partition: kernel, size: 1, sha256: "
	    "zz}]\n",
	"format: anthill-image-1\nmodel: X\nversion: 1\n"
	    "components: [{name: ../k, partition: kernel, size: 1, sha256: "
	    "0000000000000000000000000000000000000000000000000000000000000000"
	    "}]\n",
	"format: anthill-image-1\nmodel: X\nversion: 1\n"
	    "components: [{name: k, partition: kernel, size: -1, sha256: "
	    "0000000000000000000000000000000000000000000000000000000000000000"
	    "}]\n",
	"format: anthill-image-1\nmodel: X\nmodel: Y\nversion: 1\n",
	"format: [anthill-image-1\n",
};

START_TEST(test_manifest_rejects_malformed)
{
	struct fwimage_manifest m;
	const char *errstr = NULL;
	const char *s = bad_manifests[_i];

	ck_assert_msg(fwimage_manifest_parse(&m, s, strlen(s), &errstr) == -1,
	    "accepted case %d", _i);
	ck_assert_ptr_nonnull(errstr);
}
END_TEST

START_TEST(test_keys_save_and_load)
{
	uint8_t pk[FWIMAGE_PUBKEY_LEN], sk[FWIMAGE_SECKEY_LEN];
	uint8_t pk2[FWIMAGE_PUBKEY_LEN], sk2[FWIMAGE_SECKEY_LEN];
	const char *errstr;
	char *p;

	ck_assert_int_eq(fwimage_keygen(pk, sk), 0);
	xasprintf(&p, "%s/k.pub", dir);
	ck_assert_int_eq(fwimage_key_save(p, pk, sizeof(pk), false, &errstr),
	    0);
	ck_assert_int_eq(fwimage_key_load(p, pk2, sizeof(pk2), &errstr), 0);
	ck_assert_int_eq(memcmp(pk, pk2, sizeof(pk)), 0);
	/* A public key is not a secret key. */
	ck_assert_int_eq(fwimage_key_load(p, sk2, sizeof(sk2), &errstr), -1);
	free(p);
}
END_TEST

static Suite *
fwimage_suite(void)
{
	Suite *s = suite_create("fwimage");
	TCase *tc;

	tc = tcase_create("read");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_read_accepts_good_zip_and_tar);
	tcase_add_test(tc, test_read_rejects_flipped_byte_as_corrupt);
	tcase_add_loop_test(tc, test_read_rejects_truncated_archive, 0, 2);
	tcase_add_test(tc, test_read_rejects_non_archive);
	tcase_add_test(tc, test_read_rejects_other_model_and_revision);
	tcase_add_test(tc, test_read_rejects_bad_missing_or_unknown_signature);
	tcase_add_test(tc, test_read_rejects_tampered_component);
	tcase_add_loop_test(tc, test_read_rejects_unsafe_members, 0, 8);
	tcase_add_test(tc, test_read_bounds_zip_bomb);
	suite_add_tcase(s, tc);
	tc = tcase_create("manifest");
	tcase_add_test(tc, test_manifest_roundtrip);
	tcase_add_loop_test(tc, test_manifest_rejects_malformed, 0,
	    sizeof(bad_manifests) / sizeof(bad_manifests[0]));
	suite_add_tcase(s, tc);
	tc = tcase_create("keys");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_keys_save_and_load);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return ck_run(fwimage_suite());
}
