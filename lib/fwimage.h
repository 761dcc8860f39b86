/*
 * fwimage.h: the "anthill image v1" firmware container (FIRMWARE.md section
 * 9).  An image is a zip (deflate) or POSIX tar archive with flat member
 * names: manifest.yaml (model, hw_revisions, version, components with size
 * and SHA-256), manifest.sig (Ed25519 detached signature over the manifest
 * bytes) and one member per component.  The reader unpacks into memory under
 * hard ceilings, rejects unsafe members, checks the model and hardware
 * revision, the signature against the configured keys and every component
 * hash, and maps each failure to its TR-069 fault code (9018 corrupted, 9019
 * authentication, 9010 too large).  The writer builds images and keys for
 * tests and the anthill-mkimage tool.  Neither side touches flash: whether a
 * component fits its partition is the updater's check (lib/fwupdate).
 */
#ifndef LIB_FWIMAGE_H
#define LIB_FWIMAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Limits.  Everything read from an archive is checked against these. */
#define FWIMAGE_ARCHIVE_MAX	(256UL * 1024 * 1024)	/* whole file */
#define FWIMAGE_UNPACKED_MAX	(256UL * 1024 * 1024)	/* sum of members */
#define FWIMAGE_COMPONENT_MAX	(128UL * 1024 * 1024)	/* one member */
#define FWIMAGE_MANIFEST_MAX	(64 * 1024)
#define FWIMAGE_RATIO_MAX	100	/* unpacked / packed bytes (zip bombs) */
#define FWIMAGE_ENTRIES_MAX	16	/* members in one archive */
#define FWIMAGE_COMPONENTS_MAX	8
#define FWIMAGE_HWREVS_MAX	8
#define FWIMAGE_NAME_MAX	32	/* member, component, partition names */
#define FWIMAGE_MODEL_MAX	64
#define FWIMAGE_VERSION_MAX	64
#define FWIMAGE_REASON_MAX	128
#define FWIMAGE_KEYS_MAX	4	/* trusted public keys */
#define FWIMAGE_SHA256_LEN	32
#define FWIMAGE_SIG_LEN		64	/* crypto_sign_BYTES */
#define FWIMAGE_PUBKEY_LEN	32	/* crypto_sign_PUBLICKEYBYTES */
#define FWIMAGE_SECKEY_LEN	64	/* crypto_sign_SECRETKEYBYTES */
#define FWIMAGE_KEYFILE_MAX	1024

#define FWIMAGE_MANIFEST_NAME	"manifest.yaml"
#define FWIMAGE_SIG_NAME	"manifest.sig"

/* TR-069 fault codes the reader reports (CWMP.md section 7.2). */
#define FWIMAGE_FAULT_TRANSFER	9010	/* too large for the limits */
#define FWIMAGE_FAULT_CORRUPT	9018	/* archive, member or manifest */
#define FWIMAGE_FAULT_AUTH	9019	/* signature or component hash */
#define FWIMAGE_FAULT_INTERNAL	9002

enum fwimage_format {
	FWIMAGE_FORMAT_ZIP,
	FWIMAGE_FORMAT_TAR
};

struct fwimage_component {
	char		name[FWIMAGE_NAME_MAX];		/* archive member */
	char		partition[FWIMAGE_NAME_MAX];	/* "kernel", "rg", ... */
	uint64_t	size;
	uint8_t		sha256[FWIMAGE_SHA256_LEN];
};

/*
 * The signed manifest.  boot_fail and boot_fail_reason are simulator test
 * hooks: the first boot_fail boots of this image fail with that reason
 * (FWIMAGE_BOOT_FAIL_ALWAYS: every boot).  Being inside the signed
 * manifest, they cannot be added to a genuine image in transit.
 */
#define FWIMAGE_BOOT_FAIL_ALWAYS 1000000U
struct fwimage_manifest {
	char			 model[FWIMAGE_MODEL_MAX];
	char			 hw_revisions[FWIMAGE_HWREVS_MAX][FWIMAGE_NAME_MAX];
	size_t			 nhw_revisions;	/* 0: any revision */
	char			 version[FWIMAGE_VERSION_MAX];
	struct fwimage_component components[FWIMAGE_COMPONENTS_MAX];
	size_t			 ncomponents;
	unsigned int		 boot_fail;
	char			 boot_fail_reason[FWIMAGE_REASON_MAX];
};

/* What the reader accepts.  model NULL or empty skips the model check. */
struct fwimage_policy {
	const char	*model;
	const char	*hw_revision;	/* NULL: skip the revision check */
	uint8_t		 keys[FWIMAGE_KEYS_MAX][FWIMAGE_PUBKEY_LEN];
	size_t		 nkeys;		/* 0: every signature fails (9019) */
	uint64_t	 archive_max;	/* 0: FWIMAGE_ARCHIVE_MAX */
	uint64_t	 component_max;	/* 0: FWIMAGE_COMPONENT_MAX */
};

struct fwimage;

/*
 * Reads and verifies an image, in the order of FIRMWARE.md section 9.  On
 * failure returns -1, sets *fault to the TR-069 code and *errstr to a
 * static message; on success *imgp holds the manifest and component data.
 */
int	fwimage_read_file(struct fwimage **imgp, const char *path,
	    const struct fwimage_policy *pol, int *fault, const char **errstr);
int	fwimage_read_mem(struct fwimage **imgp, const void *data, size_t len,
	    const struct fwimage_policy *pol, int *fault, const char **errstr);
void	fwimage_free(struct fwimage *img);
const struct fwimage_manifest *fwimage_manifest(const struct fwimage *img);
/* Digest of the manifest bytes, for the update journal. */
const uint8_t *fwimage_manifest_digest(const struct fwimage *img);
/* Component i of the manifest (i < ncomponents); NULL if out of range. */
const void *fwimage_component_data(const struct fwimage *img, size_t i,
	    size_t *lenp);

/* Manifest codec (YAML).  parse is pure and fuzzed. */
int	fwimage_manifest_parse(struct fwimage_manifest *m, const void *data,
	    size_t len, const char **errstr);
/* Returns a malloc'd YAML document (free() it), or NULL with *errstr. */
char	*fwimage_manifest_emit(const struct fwimage_manifest *m, size_t *lenp,
	    const char **errstr);
/* Fills size and sha256 of component c from its data. */
void	fwimage_component_hash(struct fwimage_component *c, const void *data,
	    size_t len);

/* Writer: one archive member. */
struct fwimage_entry {
	const char	*name;
	const void	*data;
	size_t		 len;
	bool		 symlink;	/* write a symlink to data (tests) */
};
int	fwimage_archive_write(const char *path, enum fwimage_format fmt,
	    const struct fwimage_entry *entries, size_t nentries,
	    const char **errstr);

/*
 * Builds a signed image from a manifest (model, version, hw_revisions,
 * boot_fail and the components' name and partition) and the component data:
 * sizes and hashes are filled in, the manifest is emitted and signed with sk
 * (NULL: unsigned).  flags break it on purpose, for tests.
 */
#define FWIMAGE_BUILD_BAD_SIG	0x01	/* flip a bit of the signature */
#define FWIMAGE_BUILD_NO_SIG	0x02	/* leave manifest.sig out */
#define FWIMAGE_BUILD_TAMPER	0x04	/* change component 0 after signing */
#define FWIMAGE_BUILD_UNSAFE	0x08	/* add a member named ../escape */
#define FWIMAGE_BUILD_SYMLINK	0x10	/* add a symlink member */
#define FWIMAGE_BUILD_DUPLICATE	0x20	/* add component 0 twice */
#define FWIMAGE_BUILD_EXTRA	0x40	/* add a member the manifest lacks */
struct fwimage_build {
	enum fwimage_format	 format;
	struct fwimage_manifest	 manifest;
	const void		*data[FWIMAGE_COMPONENTS_MAX];
	size_t			 len[FWIMAGE_COMPONENTS_MAX];
	const uint8_t		*sk;
	unsigned int		 flags;
};
int	fwimage_build(const char *path, const struct fwimage_build *b,
	    const char **errstr);

/* Keys: Ed25519 (libsodium).  Key files hold one line of hex. */
int	fwimage_keygen(uint8_t pk[FWIMAGE_PUBKEY_LEN],
	    uint8_t sk[FWIMAGE_SECKEY_LEN]);
int	fwimage_sign(uint8_t sig[FWIMAGE_SIG_LEN], const void *msg, size_t len,
	    const uint8_t sk[FWIMAGE_SECKEY_LEN]);
int	fwimage_key_load(const char *path, uint8_t *key, size_t keylen,
	    const char **errstr);
int	fwimage_key_save(const char *path, const uint8_t *key, size_t keylen,
	    bool secret, const char **errstr);

/* Lower-case hex of a SHA-256 digest into buf (2 * 32 + 1 bytes). */
void	fwimage_sha256_hex(char buf[2 * FWIMAGE_SHA256_LEN + 1],
	    const uint8_t digest[FWIMAGE_SHA256_LEN]);

#endif /* LIB_FWIMAGE_H */
