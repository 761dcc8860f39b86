/*
 * fwimage.c: reads and verifies a firmware image (FIRMWARE.md section 9).
 * The archive is read through libarchive from memory (a file is first read
 * under FWIMAGE_ARCHIVE_MAX), every member into memory under the member,
 * total and ratio ceilings, so a zip bomb stops at a bound and nothing is
 * ever written to disk by the reader.  Checks run in the documented order
 * and each failure carries its TR-069 fault code: archive damage, unsafe
 * members and a manifest for another board are 9018, a bad or missing
 * signature and a hash mismatch are 9019.  It does not decide whether the
 * components fit the flash (lib/fwupdate does, 9010).
 */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <archive.h>
#include <archive_entry.h>
#include <sodium.h>

#include "lib/fwimage.h"
#include "lib/xmalloc.h"

struct fwimage_member {
	char	 name[FWIMAGE_NAME_MAX];
	void	*data;
	size_t	 len;
};

struct fwimage {
	struct fwimage_manifest	 manifest;
	uint8_t			 digest[FWIMAGE_SHA256_LEN];
	struct fwimage_member	 members[FWIMAGE_ENTRIES_MAX];
	size_t			 nmembers;
	/* component i of the manifest is members[comp[i]] */
	size_t			 comp[FWIMAGE_COMPONENTS_MAX];
};

/* Reader state while unpacking. */
struct fwimage_unpack {
	const struct fwimage_policy	*pol;
	uint64_t			 packed;
	uint64_t			 unpacked;
	uint64_t			 unpacked_max;
};

static int
set_err(int *fault, const char **errstr, int code, const char *msg)
{
	*fault = code;
	*errstr = msg;
	return -1;
}

void
fwimage_free(struct fwimage *img)
{
	size_t i;

	if (img == NULL)
		return;
	for (i = 0; i < img->nmembers; i++)
		free(img->members[i].data);
	free(img);
}

static bool
member_name_is_safe(const char *s)
{
	size_t len = strlen(s);

	if (len == 0 || len >= FWIMAGE_NAME_MAX || strchr(s, '/') != NULL ||
	    strchr(s, '\\') != NULL || strcmp(s, ".") == 0 ||
	    strcmp(s, "..") == 0 || strstr(s, "..") != NULL)
		return false;
	for (; *s != '\0'; s++)
		if (*s <= 0x20 || *s >= 0x7f)
			return false;
	return true;
}

static struct fwimage_member *
member_find(struct fwimage *img, const char *name)
{
	size_t i;

	for (i = 0; i < img->nmembers; i++)
		if (strcmp(img->members[i].name, name) == 0)
			return &img->members[i];
	return NULL;
}

/* Reads one member's data whole, under the ceilings. */
static int
unpack_data(struct archive *a, struct fwimage_unpack *u,
    struct fwimage_member *m, int64_t declared, int *fault,
    const char **errstr)
{
	uint64_t max = u->pol->component_max ? u->pol->component_max :
	    FWIMAGE_COMPONENT_MAX;
	size_t cap = 0;
	char chunk[16384];
	la_ssize_t n;

	if (declared < 0 || (uint64_t)declared > max)
		return set_err(fault, errstr, FWIMAGE_FAULT_CORRUPT,
		    "archive member larger than the component limit");
	for (;;) {
		n = archive_read_data(a, chunk, sizeof(chunk));
		if (n < 0)
			return set_err(fault, errstr, FWIMAGE_FAULT_CORRUPT,
			    "archive member damaged (bad CRC or truncated)");
		if (n == 0)
			break;
		u->unpacked += (uint64_t)n;
		if (m->len + (size_t)n > max || u->unpacked > u->unpacked_max)
			return set_err(fault, errstr, FWIMAGE_FAULT_CORRUPT,
			    "archive expands beyond the limits (zip bomb?)");
		if (m->len + (size_t)n > cap) {
			cap = cap == 0 ? 65536 : cap;
			while (cap < m->len + (size_t)n)
				cap *= 2;
			m->data = xreallocarray(m->data, 1, cap);
		}
		memcpy((char *)m->data + m->len, chunk, (size_t)n);
		m->len += (size_t)n;
	}
	if ((uint64_t)declared != m->len)
		return set_err(fault, errstr, FWIMAGE_FAULT_CORRUPT,
		    "archive member size differs from its header");
	return 0;
}

static int
unpack_member(struct archive *a, struct archive_entry *ae, struct fwimage *img,
    struct fwimage_unpack *u, int *fault, const char **errstr)
{
	struct fwimage_member *m;
	const char *name;

	name = archive_entry_pathname(ae);
	if (archive_entry_filetype(ae) != AE_IFREG ||
	    archive_entry_hardlink(ae) != NULL)
		return set_err(fault, errstr, FWIMAGE_FAULT_CORRUPT,
		    "archive member is not a regular file");
	if (name == NULL || !member_name_is_safe(name))
		return set_err(fault, errstr, FWIMAGE_FAULT_CORRUPT,
		    "unsafe archive member name");
	if (member_find(img, name) != NULL)
		return set_err(fault, errstr, FWIMAGE_FAULT_CORRUPT,
		    "duplicate archive member");
	if (img->nmembers == FWIMAGE_ENTRIES_MAX)
		return set_err(fault, errstr, FWIMAGE_FAULT_CORRUPT,
		    "too many archive members");
	m = &img->members[img->nmembers++];
	strlcpy(m->name, name, sizeof(m->name));
	if (!archive_entry_size_is_set(ae))
		return set_err(fault, errstr, FWIMAGE_FAULT_CORRUPT,
		    "archive member without a size");
	return unpack_data(a, u, m, archive_entry_size(ae), fault, errstr);
}

/* Check 1 and 2: the archive reads back whole, with safe members only. */
static int
unpack(struct fwimage *img, const void *data, size_t len,
    const struct fwimage_policy *pol, int *fault, const char **errstr)
{
	struct fwimage_unpack u = { pol, len, 0, 0 };
	struct archive_entry *ae;
	struct archive *a;
	int r, rv = -1;

	u.unpacked_max = (uint64_t)len * FWIMAGE_RATIO_MAX + 65536;
	if (u.unpacked_max > FWIMAGE_UNPACKED_MAX)
		u.unpacked_max = FWIMAGE_UNPACKED_MAX;
	a = archive_read_new();
	archive_read_support_format_zip(a);
	archive_read_support_format_tar(a);
	archive_read_support_filter_none(a);
	if (archive_read_open_memory(a, data, len) != ARCHIVE_OK) {
		set_err(fault, errstr, FWIMAGE_FAULT_CORRUPT,
		    "not a zip or tar archive");
		goto fail;
	}
	while ((r = archive_read_next_header(a, &ae)) == ARCHIVE_OK)
		if (unpack_member(a, ae, img, &u, fault, errstr) == -1)
			goto fail;
	if (r != ARCHIVE_EOF) {
		set_err(fault, errstr, FWIMAGE_FAULT_CORRUPT,
		    "archive damaged or truncated");
		goto fail;
	}
	rv = 0;
fail:
	archive_read_free(a);
	return rv;
}

static bool
board_matches(const struct fwimage_manifest *m,
    const struct fwimage_policy *pol)
{
	size_t i;

	if (pol->model != NULL && *pol->model != '\0' &&
	    strcmp(pol->model, m->model) != 0)
		return false;
	if (pol->hw_revision == NULL || m->nhw_revisions == 0)
		return true;
	for (i = 0; i < m->nhw_revisions; i++)
		if (strcmp(m->hw_revisions[i], pol->hw_revision) == 0)
			return true;
	return false;
}

/* Checks 3 and 4: manifest, board, signature. */
static int
check_manifest(struct fwimage *img, const struct fwimage_policy *pol,
    int *fault, const char **errstr)
{
	struct fwimage_member *man, *sig;
	size_t i;

	if ((man = member_find(img, FWIMAGE_MANIFEST_NAME)) == NULL)
		return set_err(fault, errstr, FWIMAGE_FAULT_CORRUPT,
		    "image has no manifest");
	if (fwimage_manifest_parse(&img->manifest, man->data, man->len,
	    errstr) == -1) {
		*fault = FWIMAGE_FAULT_CORRUPT;
		return -1;
	}
	if (!board_matches(&img->manifest, pol))
		return set_err(fault, errstr, FWIMAGE_FAULT_CORRUPT,
		    "image is for another model or hardware revision");
	crypto_hash_sha256(img->digest, man->data, man->len);
	if ((sig = member_find(img, FWIMAGE_SIG_NAME)) == NULL)
		return set_err(fault, errstr, FWIMAGE_FAULT_AUTH,
		    "image is not signed");
	if (sig->len != FWIMAGE_SIG_LEN)
		return set_err(fault, errstr, FWIMAGE_FAULT_AUTH,
		    "signature has the wrong size");
	for (i = 0; i < pol->nkeys && i < FWIMAGE_KEYS_MAX; i++)
		if (crypto_sign_verify_detached(sig->data, man->data, man->len,
		    pol->keys[i]) == 0)
			return 0;
	return set_err(fault, errstr, FWIMAGE_FAULT_AUTH,
	    "signature invalid or from an unknown key");
}

/* Check 5: every component present with the signed size and hash. */
static int
check_components(struct fwimage *img, int *fault, const char **errstr)
{
	const struct fwimage_component *c;
	uint8_t h[FWIMAGE_SHA256_LEN];
	struct fwimage_member *m;
	size_t i, used = 2;

	for (i = 0; i < img->manifest.ncomponents; i++) {
		c = &img->manifest.components[i];
		if (strcmp(c->name, FWIMAGE_MANIFEST_NAME) == 0 ||
		    strcmp(c->name, FWIMAGE_SIG_NAME) == 0)
			return set_err(fault, errstr, FWIMAGE_FAULT_CORRUPT,
			    "component named like the manifest");
		if ((m = member_find(img, c->name)) == NULL)
			return set_err(fault, errstr, FWIMAGE_FAULT_AUTH,
			    "component named in the manifest is missing");
		crypto_hash_sha256(h, m->data, m->len);
		if (m->len != c->size || sodium_memcmp(h, c->sha256,
		    sizeof(h)) != 0)
			return set_err(fault, errstr, FWIMAGE_FAULT_AUTH,
			    "component does not match the signed manifest");
		img->comp[i] = (size_t)(m - img->members);
		used++;
	}
	if (used != img->nmembers)
		return set_err(fault, errstr, FWIMAGE_FAULT_CORRUPT,
		    "archive member not named in the manifest");
	return 0;
}

int
fwimage_read_mem(struct fwimage **imgp, const void *data, size_t len,
    const struct fwimage_policy *pol, int *fault, const char **errstr)
{
	uint64_t max = pol->archive_max ? pol->archive_max :
	    FWIMAGE_ARCHIVE_MAX;
	struct fwimage *img;

	*imgp = NULL;
	*fault = 0;
	if (sodium_init() == -1)
		return set_err(fault, errstr, FWIMAGE_FAULT_INTERNAL,
		    "libsodium failed to initialise");
	if (len > max)
		return set_err(fault, errstr, FWIMAGE_FAULT_TRANSFER,
		    "image larger than the limit");
	img = xcalloc(1, sizeof(*img));
	if (unpack(img, data, len, pol, fault, errstr) == -1 ||
	    check_manifest(img, pol, fault, errstr) == -1 ||
	    check_components(img, fault, errstr) == -1) {
		fwimage_free(img);
		return -1;
	}
	*imgp = img;
	return 0;
}

int
fwimage_read_file(struct fwimage **imgp, const char *path,
    const struct fwimage_policy *pol, int *fault, const char **errstr)
{
	uint64_t max = pol->archive_max ? pol->archive_max :
	    FWIMAGE_ARCHIVE_MAX;
	struct stat st;
	char *data = NULL;
	size_t done = 0;
	ssize_t n;
	int fd, rv = -1;

	*imgp = NULL;
	if ((fd = open(path, O_RDONLY)) == -1 || fstat(fd, &st) == -1) {
		set_err(fault, errstr, FWIMAGE_FAULT_INTERNAL,
		    "cannot open the downloaded image");
		goto fail;
	}
	if (!S_ISREG(st.st_mode) || (uint64_t)st.st_size > max) {
		set_err(fault, errstr, FWIMAGE_FAULT_TRANSFER,
		    "image larger than the limit");
		goto fail;
	}
	data = xmalloc((size_t)st.st_size + 1);
	while (done < (size_t)st.st_size) {
		n = read(fd, data + done, (size_t)st.st_size - done);
		if (n <= 0) {
			set_err(fault, errstr, FWIMAGE_FAULT_INTERNAL,
			    "cannot read the downloaded image");
			goto fail;
		}
		done += (size_t)n;
	}
	rv = fwimage_read_mem(imgp, data, done, pol, fault, errstr);
fail:
	if (fd != -1)
		close(fd);
	free(data);
	return rv;
}

const struct fwimage_manifest *
fwimage_manifest(const struct fwimage *img)
{
	return &img->manifest;
}

const uint8_t *
fwimage_manifest_digest(const struct fwimage *img)
{
	return img->digest;
}

const void *
fwimage_component_data(const struct fwimage *img, size_t i, size_t *lenp)
{
	const struct fwimage_member *m;

	if (i >= img->manifest.ncomponents)
		return NULL;
	m = &img->members[img->comp[i]];
	*lenp = m->len;
	return m->data != NULL ? m->data : "";
}
