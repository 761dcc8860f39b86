/*
 * fwimage_write.c: the writing side of the image format, for tests and
 * anthill-mkimage: manifest emission (libyaml emitter), archives (zip with
 * deflate, or POSIX tar, through libarchive), Ed25519 keys and signatures
 * (libsodium).  It writes whatever it is given, including deliberately
 * broken members, so it never validates; the reader in fwimage.c does.
 */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <archive.h>
#include <archive_entry.h>
#include <sodium.h>
#include <yaml.h>

#include "lib/buf.h"
#include "lib/fwimage.h"

static int
emit_out(void *arg, unsigned char *data, size_t len)
{
	return buf_add(arg, data, len) == 0;
}

static int
emit_str(yaml_emitter_t *e, const char *s)
{
	yaml_event_t ev;

	yaml_scalar_event_initialize(&ev, NULL, NULL, (yaml_char_t *)s,
	    (int)strlen(s), 1, 1, YAML_ANY_SCALAR_STYLE);
	return yaml_emitter_emit(e, &ev) ? 0 : -1;
}

static int
emit_kv(yaml_emitter_t *e, const char *k, const char *v)
{
	return emit_str(e, k) == 0 && emit_str(e, v) == 0 ? 0 : -1;
}

static int
emit_start(yaml_emitter_t *e, bool map)
{
	yaml_event_t ev;

	if (map)
		yaml_mapping_start_event_initialize(&ev, NULL, NULL, 1,
		    YAML_BLOCK_MAPPING_STYLE);
	else
		yaml_sequence_start_event_initialize(&ev, NULL, NULL, 1,
		    YAML_BLOCK_SEQUENCE_STYLE);
	return yaml_emitter_emit(e, &ev) ? 0 : -1;
}

static int
emit_end(yaml_emitter_t *e, bool map)
{
	yaml_event_t ev;

	if (map)
		yaml_mapping_end_event_initialize(&ev);
	else
		yaml_sequence_end_event_initialize(&ev);
	return yaml_emitter_emit(e, &ev) ? 0 : -1;
}

static int
emit_component(yaml_emitter_t *e, const struct fwimage_component *c)
{
	char num[32], hex[2 * FWIMAGE_SHA256_LEN + 1];

	snprintf(num, sizeof(num), "%llu", (unsigned long long)c->size);
	fwimage_sha256_hex(hex, c->sha256);
	if (emit_start(e, true) == -1 || emit_kv(e, "name", c->name) == -1 ||
	    emit_kv(e, "partition", c->partition) == -1 ||
	    emit_kv(e, "size", num) == -1 || emit_kv(e, "sha256", hex) == -1)
		return -1;
	return emit_end(e, true);
}

static int
emit_body(yaml_emitter_t *e, const struct fwimage_manifest *m)
{
	char num[32];
	size_t i;

	if (emit_start(e, true) == -1 ||
	    emit_kv(e, "format", "anthill-image-1") == -1 ||
	    emit_kv(e, "model", m->model) == -1 ||
	    emit_kv(e, "version", m->version) == -1)
		return -1;
	if (m->nhw_revisions > 0) {
		if (emit_str(e, "hw_revisions") == -1 || emit_start(e, false))
			return -1;
		for (i = 0; i < m->nhw_revisions; i++)
			if (emit_str(e, m->hw_revisions[i]) == -1)
				return -1;
		if (emit_end(e, false) == -1)
			return -1;
	}
	if (m->boot_fail > 0) {
		snprintf(num, sizeof(num), "%u", m->boot_fail);
		if (emit_kv(e, "boot_fail", num) == -1)
			return -1;
	}
	if (m->boot_fail_reason[0] != '\0' &&
	    emit_kv(e, "boot_fail_reason", m->boot_fail_reason) == -1)
		return -1;
	if (emit_str(e, "components") == -1 || emit_start(e, false) == -1)
		return -1;
	for (i = 0; i < m->ncomponents; i++)
		if (emit_component(e, &m->components[i]) == -1)
			return -1;
	if (emit_end(e, false) == -1)
		return -1;
	return emit_end(e, true);
}

char *
fwimage_manifest_emit(const struct fwimage_manifest *m, size_t *lenp,
    const char **errstr)
{
	yaml_emitter_t e;
	yaml_event_t ev;
	struct buf b;
	int ok;

	buf_init(&b, FWIMAGE_MANIFEST_MAX);
	if (!yaml_emitter_initialize(&e)) {
		*errstr = "out of memory";
		return NULL;
	}
	yaml_emitter_set_output(&e, emit_out, &b);
	yaml_emitter_set_unicode(&e, 0);
	yaml_stream_start_event_initialize(&ev, YAML_UTF8_ENCODING);
	ok = yaml_emitter_emit(&e, &ev);
	yaml_document_start_event_initialize(&ev, NULL, NULL, NULL, 1);
	ok = ok && yaml_emitter_emit(&e, &ev);
	ok = ok && emit_body(&e, m) == 0;
	yaml_document_end_event_initialize(&ev, 1);
	ok = ok && yaml_emitter_emit(&e, &ev);
	yaml_stream_end_event_initialize(&ev);
	ok = ok && yaml_emitter_emit(&e, &ev);
	ok = ok && yaml_emitter_flush(&e);
	yaml_emitter_delete(&e);
	if (!ok) {
		buf_clear(&b);
		*errstr = "manifest: cannot emit YAML";
		return NULL;
	}
	return buf_release(&b, lenp);
}

static int
write_entry(struct archive *a, const struct fwimage_entry *en)
{
	struct archive_entry *ae;
	int rv = -1;

	ae = archive_entry_new();
	archive_entry_set_pathname(ae, en->name);
	archive_entry_set_mtime(ae, 0, 0);
	if (en->symlink) {
		archive_entry_set_filetype(ae, AE_IFLNK);
		archive_entry_set_perm(ae, 0777);
		archive_entry_set_symlink(ae, en->data);
		archive_entry_set_size(ae, 0);
	} else {
		archive_entry_set_filetype(ae, AE_IFREG);
		archive_entry_set_perm(ae, 0644);
		archive_entry_set_size(ae, (la_int64_t)en->len);
	}
	if (archive_write_header(a, ae) != ARCHIVE_OK)
		goto fail;
	if (!en->symlink && en->len > 0 &&
	    archive_write_data(a, en->data, en->len) != (la_ssize_t)en->len)
		goto fail;
	rv = 0;
fail:
	archive_entry_free(ae);
	return rv;
}

int
fwimage_archive_write(const char *path, enum fwimage_format fmt,
    const struct fwimage_entry *entries, size_t nentries, const char **errstr)
{
	struct archive *a;
	size_t i;
	int rv = -1;

	a = archive_write_new();
	if (fmt == FWIMAGE_FORMAT_ZIP) {
		archive_write_set_format_zip(a);
		archive_write_set_options(a, "zip:compression=deflate");
	} else
		archive_write_set_format_pax_restricted(a);
	if (archive_write_open_filename(a, path) != ARCHIVE_OK) {
		*errstr = "cannot create the archive";
		goto fail;
	}
	for (i = 0; i < nentries; i++)
		if (write_entry(a, &entries[i]) == -1) {
			*errstr = "cannot write an archive member";
			goto fail;
		}
	if (archive_write_close(a) != ARCHIVE_OK) {
		*errstr = "cannot finish the archive";
		goto fail;
	}
	rv = 0;
fail:
	archive_write_free(a);
	return rv;
}

int
fwimage_keygen(uint8_t pk[FWIMAGE_PUBKEY_LEN], uint8_t sk[FWIMAGE_SECKEY_LEN])
{
	if (sodium_init() == -1)
		return -1;
	return crypto_sign_keypair(pk, sk) == 0 ? 0 : -1;
}

int
fwimage_sign(uint8_t sig[FWIMAGE_SIG_LEN], const void *msg, size_t len,
    const uint8_t sk[FWIMAGE_SECKEY_LEN])
{
	if (sodium_init() == -1)
		return -1;
	return crypto_sign_detached(sig, NULL, msg, len, sk) == 0 ? 0 : -1;
}

int
fwimage_key_load(const char *path, uint8_t *key, size_t keylen,
    const char **errstr)
{
	char text[FWIMAGE_KEYFILE_MAX];
	size_t n, binlen;
	FILE *f;

	if ((f = fopen(path, "r")) == NULL) {
		*errstr = "cannot open the key file";
		return -1;
	}
	n = fread(text, 1, sizeof(text) - 1, f);
	fclose(f);
	text[n] = '\0';
	text[strcspn(text, "\r\n")] = '\0';
	if (sodium_hex2bin(key, keylen, text, strlen(text), NULL, &binlen,
	    NULL) != 0 || binlen != keylen) {
		*errstr = "key file does not hold a key of the right size";
		return -1;
	}
	return 0;
}

int
fwimage_key_save(const char *path, const uint8_t *key, size_t keylen,
    bool secret, const char **errstr)
{
	char hex[2 * FWIMAGE_SECKEY_LEN + 2];
	size_t len;
	int fd;

	if (keylen > FWIMAGE_SECKEY_LEN) {
		*errstr = "key too long";
		return -1;
	}
	sodium_bin2hex(hex, sizeof(hex) - 1, key, keylen);
	len = strlen(hex);
	hex[len++] = '\n';
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, secret ? 0600 : 0644);
	if (fd == -1) {
		*errstr = "cannot create the key file";
		return -1;
	}
	if (write(fd, hex, len) != (ssize_t)len || fsync(fd) == -1) {
		close(fd);
		*errstr = "cannot write the key file";
		return -1;
	}
	sodium_memzero(hex, sizeof(hex));
	return close(fd) == 0 ? 0 : -1;
}

static size_t
build_extras(const struct fwimage_build *b, struct fwimage_entry *e, size_t n)
{
	if (b->flags & FWIMAGE_BUILD_UNSAFE) {
		e[n].name = "../escape";
		e[n].data = "x";
		e[n++].len = 1;
	}
	if (b->flags & FWIMAGE_BUILD_SYMLINK) {
		e[n].name = "link";
		e[n].data = "/etc/passwd";
		e[n++].symlink = true;
	}
	if ((b->flags & FWIMAGE_BUILD_DUPLICATE) && b->manifest.ncomponents) {
		e[n].name = b->manifest.components[0].name;
		e[n].data = b->data[0];
		e[n++].len = b->len[0];
	}
	if (b->flags & FWIMAGE_BUILD_EXTRA) {
		e[n].name = "extra";
		e[n].data = "unsigned";
		e[n++].len = 8;
	}
	return n;
}

int
fwimage_build(const char *path, const struct fwimage_build *b,
    const char **errstr)
{
	struct fwimage_entry e[FWIMAGE_COMPONENTS_MAX + 8];
	struct fwimage_manifest m = b->manifest;
	uint8_t sig[FWIMAGE_SIG_LEN], *tampered = NULL;
	char *man;
	size_t len, i, n = 0;
	int rv = -1;

	memset(e, 0, sizeof(e));
	for (i = 0; i < m.ncomponents; i++)
		fwimage_component_hash(&m.components[i], b->data[i],
		    b->len[i]);
	if ((man = fwimage_manifest_emit(&m, &len, errstr)) == NULL)
		return -1;
	e[n].name = FWIMAGE_MANIFEST_NAME;
	e[n].data = man;
	e[n++].len = len;
	if (b->sk != NULL && !(b->flags & FWIMAGE_BUILD_NO_SIG)) {
		if (fwimage_sign(sig, man, len, b->sk) == -1) {
			*errstr = "cannot sign the manifest";
			goto fail;
		}
		if (b->flags & FWIMAGE_BUILD_BAD_SIG)
			sig[7] ^= 0x10;
		e[n].name = FWIMAGE_SIG_NAME;
		e[n].data = sig;
		e[n++].len = sizeof(sig);
	}
	for (i = 0; i < m.ncomponents; i++) {
		e[n].name = m.components[i].name;
		e[n].data = b->data[i];
		e[n++].len = b->len[i];
		if (i == 0 && (b->flags & FWIMAGE_BUILD_TAMPER) &&
		    b->len[0] > 0) {
			tampered = malloc(b->len[0]);
			if (tampered == NULL)
				goto fail;
			memcpy(tampered, b->data[0], b->len[0]);
			tampered[b->len[0] / 2] ^= 0x55;
			e[n - 1].data = tampered;
		}
	}
	n = build_extras(b, e, n);
	rv = fwimage_archive_write(path, b->format, e, n, errstr);
fail:
	free(man);
	free(tampered);
	return rv;
}
