/*
 * fuzz_fwimage.c: libFuzzer harness for the firmware image reader and the
 * manifest codec.  Every input goes to fwimage_read_mem() under a policy
 * trusting the key derived from a fixed seed (the corpus images are signed
 * with it, so mutations reach the hash checks), and to the manifest parser.
 * A rejection must carry a fault code the updater can report and a reason;
 * an accepted image must hold exactly the signed sizes; a parsed manifest
 * must survive emit and parse unchanged.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "lib/fwimage.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
check_image(const uint8_t *data, size_t size)
{
	static struct fwimage_policy pol;
	uint8_t seed[crypto_sign_SEEDBYTES], sk[FWIMAGE_SECKEY_LEN];
	const struct fwimage_manifest *m;
	const char *errstr = NULL;
	struct fwimage *img;
	size_t i, len;
	int fault = 0;

	if (pol.nkeys == 0) {
		if (sodium_init() == -1)
			abort();
		memset(seed, 0x42, sizeof(seed));
		crypto_sign_seed_keypair(pol.keys[0], sk, seed);
		pol.nkeys = 1;
		pol.model = "BCM7255-STB";
		pol.component_max = 1024 * 1024;
	}
	if (fwimage_read_mem(&img, data, size, &pol, &fault, &errstr) == -1) {
		if (errstr == NULL || (fault != FWIMAGE_FAULT_CORRUPT &&
		    fault != FWIMAGE_FAULT_AUTH &&
		    fault != FWIMAGE_FAULT_TRANSFER))
			abort();
		return;
	}
	m = fwimage_manifest(img);
	for (i = 0; i < m->ncomponents; i++)
		if (fwimage_component_data(img, i, &len) == NULL ||
		    len != m->components[i].size)
			abort();
	fwimage_free(img);
}

static void
check_manifest(const uint8_t *data, size_t size)
{
	static struct fwimage_manifest m, again;
	const char *errstr = NULL;
	size_t len;
	char *text;

	if (fwimage_manifest_parse(&m, data, size, &errstr) == -1) {
		if (errstr == NULL)
			abort();
		return;
	}
	if ((text = fwimage_manifest_emit(&m, &len, &errstr)) == NULL)
		abort();
	if (fwimage_manifest_parse(&again, text, len, &errstr) == -1 ||
	    memcmp(&m, &again, sizeof(m)) != 0)
		abort();
	free(text);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	check_image(data, size);
	check_manifest(data, size);
	return 0;
}
