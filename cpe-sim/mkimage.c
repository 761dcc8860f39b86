/*
 * mkimage.c: anthill-mkimage, which makes Ed25519 key pairs and "anthill
 * image v1" firmware images for the CPE simulator (FIRMWARE.md section 9),
 * including deliberately broken ones for tests: a bad or missing signature,
 * a tampered component, unsafe members, a flipped byte, a truncated file,
 * another board, or an image that fails to boot.  It also verifies an image
 * the way the simulator does and prints the fault code.  It never talks to
 * a network or a device.
 */
#include "config.h"

#include <sys/stat.h>

#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "lib/fwimage.h"
#include "lib/version.h"
#include "lib/xmalloc.h"

#define MKIMAGE_KERNEL_LEN	6000
#define MKIMAGE_DTB_LEN		700
#define MKIMAGE_ROOTFS_LEN	20000

struct mkimage_opts {
	struct fwimage_build	 b;
	const char		*out;
	const char		*keyfile;
	const char		*files[3];	/* kernel, dtb, rootfs */
	bool			 corrupt;
	bool			 truncate;
};

static const struct {
	const char	*name;
	unsigned int	 flag;
} defects[] = {
	{ "badsig", FWIMAGE_BUILD_BAD_SIG },
	{ "nosig", FWIMAGE_BUILD_NO_SIG },
	{ "tamper", FWIMAGE_BUILD_TAMPER },
	{ "unsafe", FWIMAGE_BUILD_UNSAFE },
	{ "symlink", FWIMAGE_BUILD_SYMLINK },
	{ "duplicate", FWIMAGE_BUILD_DUPLICATE },
	{ "extra", FWIMAGE_BUILD_EXTRA },
	{ "corrupt", 0 },
	{ "truncate", 0 },
};

static __attribute__((noreturn)) void
usage(void)
{
	fprintf(stderr,
	    "usage: anthill-mkimage keygen [-o base]\n"
	    "       anthill-mkimage build -k key -o image -m model -v version "
	    "[-t]\n"
	    "           [-r hwrev] [-b fails] [-B reason] [-K kernel] "
	    "[-D dtb] [-R rootfs]\n"
	    "           [-x defect]\n"
	    "       anthill-mkimage verify -p key [-m model] [-r hwrev] "
	    "image\n"
	    "       anthill-mkimage -V\n");
	exit(2);
}

static int
cmd_keygen(int argc, char *argv[])
{
	uint8_t pk[FWIMAGE_PUBKEY_LEN], sk[FWIMAGE_SECKEY_LEN];
	const char *base = "anthill-fw", *errstr;
	char *pub, *sec;
	int ch;

	while ((ch = getopt(argc, argv, "o:")) != -1) {
		if (ch != 'o')
			usage();
		base = optarg;
	}
	if (argc != optind)
		usage();
	if (fwimage_keygen(pk, sk) == -1)
		errx(1, "cannot generate a key pair");
	xasprintf(&pub, "%s.pub", base);
	xasprintf(&sec, "%s.key", base);
	if (fwimage_key_save(pub, pk, sizeof(pk), false, &errstr) == -1 ||
	    fwimage_key_save(sec, sk, sizeof(sk), true, &errstr) == -1)
		errx(1, "%s: %s", base, errstr);
	sodium_memzero(sk, sizeof(sk));
	printf("%s\n%s\n", pub, sec);
	free(pub);
	free(sec);
	return 0;
}

/* Generated component data: deterministic per version, incompressible. */
static void *
generate(size_t len, const char *what, const char *version)
{
	uint8_t seed[randombytes_SEEDBYTES];
	uint8_t *p;

	crypto_generichash(seed, sizeof(seed), (const uint8_t *)version,
	    strlen(version), (const uint8_t *)what, strlen(what));
	p = xmalloc(len);
	randombytes_buf_deterministic(p, len, seed);
	return p;
}

static void *
slurp(const char *path, size_t *lenp)
{
	struct stat st;
	size_t n;
	FILE *f;
	char *p;

	if ((f = fopen(path, "rb")) == NULL || fstat(fileno(f), &st) == -1)
		err(1, "%s", path);
	if ((uint64_t)st.st_size > FWIMAGE_COMPONENT_MAX)
		errx(1, "%s: larger than a component may be", path);
	p = xmalloc((size_t)st.st_size + 1);
	n = fread(p, 1, (size_t)st.st_size, f);
	if (n != (size_t)st.st_size)
		errx(1, "%s: short read", path);
	fclose(f);
	*lenp = n;
	return p;
}

static void
add_components(struct mkimage_opts *o)
{
	static const char *names[] = { "kernel", "dtb", "rootfs" };
	static const char *parts[] = { "kernel", "devtree", "rg" };
	static const size_t lens[] = { MKIMAGE_KERNEL_LEN, MKIMAGE_DTB_LEN,
		MKIMAGE_ROOTFS_LEN };
	struct fwimage_manifest *m = &o->b.manifest;
	size_t i;

	for (i = 0; i < 3; i++) {
		strlcpy(m->components[i].name, names[i], FWIMAGE_NAME_MAX);
		strlcpy(m->components[i].partition, parts[i], FWIMAGE_NAME_MAX);
		if (o->files[i] != NULL)
			o->b.data[i] = slurp(o->files[i], &o->b.len[i]);
		else {
			o->b.data[i] = generate(lens[i], names[i], m->version);
			o->b.len[i] = lens[i];
		}
	}
	m->ncomponents = 3;
}

static void
add_defect(struct mkimage_opts *o, const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(defects) / sizeof(defects[0]); i++)
		if (strcmp(name, defects[i].name) == 0)
			break;
	if (i == sizeof(defects) / sizeof(defects[0]))
		errx(2, "unknown defect: %s", name);
	o->b.flags |= defects[i].flag;
	if (strcmp(name, "corrupt") == 0)
		o->corrupt = true;
	if (strcmp(name, "truncate") == 0)
		o->truncate = true;
}

/* corrupt flips one byte in the middle; truncate keeps the first half. */
static void
damage(const struct mkimage_opts *o)
{
	struct stat st;
	FILE *f;
	int ch;

	if ((f = fopen(o->out, "r+b")) == NULL || fstat(fileno(f), &st) == -1)
		err(1, "%s", o->out);
	if (o->corrupt) {
		fseek(f, st.st_size / 2, SEEK_SET);
		ch = fgetc(f);
		fseek(f, st.st_size / 2, SEEK_SET);
		fputc(ch ^ 0x20, f);
	}
	if (o->truncate && ftruncate(fileno(f), st.st_size / 2) == -1)
		err(1, "%s", o->out);
	fclose(f);
}

static void
build_options(struct mkimage_opts *o, int argc, char *argv[])
{
	struct fwimage_manifest *m = &o->b.manifest;
	const char *errstr;
	int ch;

	while ((ch = getopt(argc, argv, "B:b:D:K:k:m:o:R:r:tv:x:")) != -1) {
		switch (ch) {
		case 'B':
			strlcpy(m->boot_fail_reason, optarg,
			    sizeof(m->boot_fail_reason));
			break;
		case 'b':
			m->boot_fail = (unsigned int)strtonum(optarg, 0,
			    FWIMAGE_BOOT_FAIL_ALWAYS, &errstr);
			if (errstr != NULL)
				errx(2, "-b %s: %s", optarg, errstr);
			break;
		case 'D':
			o->files[1] = optarg;
			break;
		case 'K':
			o->files[0] = optarg;
			break;
		case 'k':
			o->keyfile = optarg;
			break;
		case 'm':
			strlcpy(m->model, optarg, sizeof(m->model));
			break;
		case 'o':
			o->out = optarg;
			break;
		case 'R':
			o->files[2] = optarg;
			break;
		case 'r':
			if (m->nhw_revisions == FWIMAGE_HWREVS_MAX)
				errx(2, "too many -r");
			strlcpy(m->hw_revisions[m->nhw_revisions++], optarg,
			    FWIMAGE_NAME_MAX);
			break;
		case 't':
			o->b.format = FWIMAGE_FORMAT_TAR;
			break;
		case 'v':
			strlcpy(m->version, optarg, sizeof(m->version));
			break;
		case 'x':
			add_defect(o, optarg);
			break;
		default:
			usage();
		}
	}
	if (argc != optind || o->out == NULL || o->keyfile == NULL ||
	    m->model[0] == '\0' || m->version[0] == '\0')
		usage();
}

static int
cmd_build(int argc, char *argv[])
{
	uint8_t sk[FWIMAGE_SECKEY_LEN];
	struct mkimage_opts o;
	const char *errstr;
	size_t i;

	memset(&o, 0, sizeof(o));
	build_options(&o, argc, argv);
	if (o.b.manifest.boot_fail > 0 &&
	    o.b.manifest.boot_fail_reason[0] == '\0')
		strlcpy(o.b.manifest.boot_fail_reason, "kernel panic",
		    sizeof(o.b.manifest.boot_fail_reason));
	if (fwimage_key_load(o.keyfile, sk, sizeof(sk), &errstr) == -1)
		errx(1, "%s: %s", o.keyfile, errstr);
	o.b.sk = sk;
	add_components(&o);
	if (fwimage_build(o.out, &o.b, &errstr) == -1)
		errx(1, "%s: %s", o.out, errstr);
	sodium_memzero(sk, sizeof(sk));
	if (o.corrupt || o.truncate)
		damage(&o);
	for (i = 0; i < o.b.manifest.ncomponents; i++)
		free((void *)o.b.data[i]);
	return 0;
}

static int
cmd_verify(int argc, char *argv[])
{
	const struct fwimage_manifest *m;
	struct fwimage_policy pol;
	struct fwimage *img;
	const char *errstr, *keyfile = NULL;
	int ch, fault;

	memset(&pol, 0, sizeof(pol));
	while ((ch = getopt(argc, argv, "m:p:r:")) != -1) {
		switch (ch) {
		case 'm':
			pol.model = optarg;
			break;
		case 'p':
			keyfile = optarg;
			break;
		case 'r':
			pol.hw_revision = optarg;
			break;
		default:
			usage();
		}
	}
	if (argc != optind + 1 || keyfile == NULL)
		usage();
	if (fwimage_key_load(keyfile, pol.keys[0], FWIMAGE_PUBKEY_LEN,
	    &errstr) == -1)
		errx(1, "%s: %s", keyfile, errstr);
	pol.nkeys = 1;
	if (fwimage_read_file(&img, argv[optind], &pol, &fault, &errstr) ==
	    -1) {
		printf("%s: rejected: fault %d: %s\n", argv[optind], fault,
		    errstr);
		return 1;
	}
	m = fwimage_manifest(img);
	printf("%s: OK: model %s version %s, %zu components\n", argv[optind],
	    m->model, m->version, m->ncomponents);
	fwimage_free(img);
	return 0;
}

int
main(int argc, char *argv[])
{
	if (sodium_init() == -1)
		errx(1, "libsodium failed to initialise");
	if (argc == 2 && strcmp(argv[1], "-V") == 0) {
		printf("anthill-mkimage %s\n", ANTHILL_VERSION);
		return 0;
	}
	if (argc < 2)
		usage();
	argc--;
	argv++;
	optind = 1;
	if (strcmp(argv[0], "keygen") == 0)
		return cmd_keygen(argc, argv);
	if (strcmp(argv[0], "build") == 0)
		return cmd_build(argc, argv);
	if (strcmp(argv[0], "verify") == 0)
		return cmd_verify(argc, argv);
	usage();
}
