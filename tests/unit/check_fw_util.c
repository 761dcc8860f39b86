/*
 * check_fw_util.c: helpers for the firmware suites (see check_fw_util.h).
 * Component data is pseudo-random from a version-dependent seed, so it does
 * not compress (a flipped byte lands in deflate data) and two versions
 * differ.  Test code only.
 */
#include "config.h"

#include <sys/stat.h>

#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "lib/fwimage.h"
#include "lib/xmalloc.h"
#include "tests/unit/check_fw_util.h"

char *
fwt_tmpdir(void)
{
	char *dir;

	dir = xstrdup("/tmp/anthill-fwtest.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	return dir;
}

void
fwt_rmdir(const char *dir)
{
	struct dirent *de;
	struct stat st;
	char *path;
	DIR *d;

	if ((d = opendir(dir)) == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		xasprintf(&path, "%s/%s", dir, de->d_name);
		if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode))
			fwt_rmdir(path);
		else
			unlink(path);
		free(path);
	}
	closedir(d);
	rmdir(dir);
}

void
fwt_keys(uint8_t pk[FWIMAGE_PUBKEY_LEN], uint8_t sk[FWIMAGE_SECKEY_LEN],
    int which)
{
	uint8_t seed[crypto_sign_SEEDBYTES];

	ck_assert_int_ne(sodium_init(), -1);
	memset(seed, 0x42 + which, sizeof(seed));
	crypto_sign_seed_keypair(pk, sk, seed);
}

void
fwt_policy(struct fwimage_policy *pol)
{
	uint8_t sk[FWIMAGE_SECKEY_LEN];

	memset(pol, 0, sizeof(*pol));
	pol->model = FWT_MODEL;
	pol->hw_revision = FWT_HWREV;
	fwt_keys(pol->keys[0], sk, 0);
	pol->nkeys = 1;
}

static void *
blob(size_t len, const char *what, const char *version)
{
	uint8_t seed[randombytes_SEEDBYTES];
	uint8_t *p;

	crypto_generichash(seed, sizeof(seed), (const uint8_t *)version,
	    strlen(version), (const uint8_t *)what, strlen(what));
	p = xmalloc(len + 1);
	randombytes_buf_deterministic(p, len, seed);
	return p;
}

static void
add_comp(struct fwimage_build *b, const char *name, const char *part,
    size_t len, const char *version)
{
	struct fwimage_component *c;
	size_t i = b->manifest.ncomponents++;

	c = &b->manifest.components[i];
	strlcpy(c->name, name, sizeof(c->name));
	strlcpy(c->partition, part, sizeof(c->partition));
	b->data[i] = blob(len, name, version);
	b->len[i] = len;
}

void
fwt_image(const char *path, const struct fwt_image *opt)
{
	uint8_t pk[FWIMAGE_PUBKEY_LEN], sk[FWIMAGE_SECKEY_LEN];
	const char *version = opt->version ? opt->version : "2.0.0";
	struct fwimage_build b;
	const char *errstr = NULL;
	size_t i;

	memset(&b, 0, sizeof(b));
	fwt_keys(pk, sk, opt->other_key ? 1 : 0);
	b.format = opt->format;
	b.sk = sk;
	b.flags = opt->flags;
	strlcpy(b.manifest.model, opt->model ? opt->model : FWT_MODEL,
	    sizeof(b.manifest.model));
	strlcpy(b.manifest.version, version, sizeof(b.manifest.version));
	strlcpy(b.manifest.hw_revisions[0], opt->hwrev ? opt->hwrev :
	    FWT_HWREV, sizeof(b.manifest.hw_revisions[0]));
	b.manifest.nhw_revisions = 1;
	b.manifest.boot_fail = opt->boot_fail;
	if (opt->boot_fail > 0)
		strlcpy(b.manifest.boot_fail_reason, "kernel panic: test",
		    sizeof(b.manifest.boot_fail_reason));
	add_comp(&b, "kernel", "kernel", opt->kernel_len ? opt->kernel_len :
	    5000, version);
	add_comp(&b, "dtb", "devtree", 700, version);
	add_comp(&b, "rootfs", "rg", opt->rootfs_len ? opt->rootfs_len :
	    20000, version);
	if (fwimage_build(path, &b, &errstr) == -1)
		ck_abort_msg("fwimage_build: %s", errstr);
	for (i = 0; i < b.manifest.ncomponents; i++)
		free((void *)b.data[i]);
}

void *
fwt_slurp(const char *path, size_t *lenp)
{
	struct stat st;
	FILE *f;
	char *p;

	ck_assert_int_eq(stat(path, &st), 0);
	p = xmalloc((size_t)st.st_size + 1);
	ck_assert_ptr_nonnull(f = fopen(path, "rb"));
	ck_assert_uint_eq(fread(p, 1, (size_t)st.st_size, f),
	    (size_t)st.st_size);
	fclose(f);
	*lenp = (size_t)st.st_size;
	return p;
}

void
fwt_spit(const char *path, const void *data, size_t len)
{
	FILE *f;

	ck_assert_ptr_nonnull(f = fopen(path, "wb"));
	ck_assert_uint_eq(fwrite(data, 1, len, f), len);
	fclose(f);
}

void
fwt_copy(const char *from, const char *to)
{
	size_t len;
	void *p;

	p = fwt_slurp(from, &len);
	fwt_spit(to, p, len);
	free(p);
}
