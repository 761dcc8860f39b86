/*
 * fwupdate_bootenv.c: the simulated bootloader's environment (FIRMWARE.md
 * sections 4.3 and 5.1), after the BOLT env store: a header with magic
 * 0xbabefeed, write_count, size and CRC-32, then tag-length-value records
 * "name=value".  Two copies live in the NOR partitions nvram and nvram1.
 * A commit writes the older copy with write_count + 1; loading takes the
 * newest copy whose CRC holds, so a torn write loses at most that update.
 * The A/B variables are RAUC's BOOT_ORDER and BOOT_x_LEFT plus
 * upgrade_available; the BOLT-style KL_IDX/DT_IDX/RG_IDX indexes are derived
 * from BOOT_ORDER when written.  It does not choose slots (fwupdate_boot.c).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include "lib/fwupdate.h"
#include "lib/fwupdate_int.h"
#include "lib/xmalloc.h"

#define ENV_HDR		16
#define ENV_MAX		4096	/* bytes of TLV records */
#define ENV_TAG		0x01

static const char *copies[2] = { "nvram", "nvram1" };

static void
put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static uint32_t
get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

static size_t
env_add(uint8_t *tlv, size_t off, const char *name, const char *val)
{
	int n;

	n = snprintf((char *)tlv + off + 2, ENV_MAX - off - 2, "%s=%s", name,
	    val);
	if (n < 0 || n > 255 || off + 2 + (size_t)n >= ENV_MAX)
		return off;
	tlv[off] = ENV_TAG;
	tlv[off + 1] = (uint8_t)n;
	return off + 2 + (size_t)n;
}

static void
order_str(const struct fwupdate_bootenv *e, char *buf, size_t len)
{
	int i;

	buf[0] = '\0';
	for (i = 0; i < FWUPDATE_BANKS; i++) {
		if (e->order[i] < 0)
			break;
		if (i > 0)
			strlcat(buf, " ", len);
		strlcat(buf, e->order[i] == 0 ? "A" : "B", len);
	}
}

static size_t
env_encode(const struct fwupdate_bootenv *e, uint8_t *tlv)
{
	char v[32], idx[16];
	size_t off = 0;

	order_str(e, v, sizeof(v));
	off = env_add(tlv, off, "BOOT_ORDER", v);
	snprintf(v, sizeof(v), "%u", e->left[0]);
	off = env_add(tlv, off, "BOOT_A_LEFT", v);
	snprintf(v, sizeof(v), "%u", e->left[1]);
	off = env_add(tlv, off, "BOOT_B_LEFT", v);
	off = env_add(tlv, off, "upgrade_available",
	    e->upgrade_available ? "1" : "0");
	off = env_add(tlv, off, "BOOT_IMAGE", e->boot_image == 1 ? "B" : "A");
	off = env_add(tlv, off, "last_boot_slot", e->last_slot == 1 ? "B" :
	    e->last_slot == 0 ? "A" : "");
	snprintf(idx, sizeof(idx), "%d", e->order[0] < 0 ? 0 : e->order[0]);
	off = env_add(tlv, off, "KL_IDX", idx);
	off = env_add(tlv, off, "DT_IDX", idx);
	off = env_add(tlv, off, "RG_IDX", idx);
	tlv[off++] = 0;
	return off;
}

static int
bank_of(const char *s)
{
	if (strcmp(s, "A") == 0)
		return 0;
	if (strcmp(s, "B") == 0)
		return 1;
	return -1;
}

static void
env_var(struct fwupdate_bootenv *e, const char *name, const char *val)
{
	const char *err;
	char buf[32], *p, *save = NULL;
	int i = 0;

	if (strcmp(name, "BOOT_ORDER") == 0) {
		strlcpy(buf, val, sizeof(buf));
		for (p = strtok_r(buf, " ", &save); p != NULL && i < 2;
		    p = strtok_r(NULL, " ", &save))
			if (bank_of(p) >= 0)
				e->order[i++] = bank_of(p);
	} else if (strcmp(name, "BOOT_A_LEFT") == 0)
		e->left[0] = (unsigned int)strtonum(val, 0,
		    FWUPDATE_ATTEMPTS_MAX, &err);
	else if (strcmp(name, "BOOT_B_LEFT") == 0)
		e->left[1] = (unsigned int)strtonum(val, 0,
		    FWUPDATE_ATTEMPTS_MAX, &err);
	else if (strcmp(name, "upgrade_available") == 0)
		e->upgrade_available = strcmp(val, "1") == 0;
	else if (strcmp(name, "BOOT_IMAGE") == 0)
		e->boot_image = bank_of(val) == 1 ? 1 : 0;
	else if (strcmp(name, "last_boot_slot") == 0)
		e->last_slot = bank_of(val);
}

static int
env_decode(struct fwupdate_bootenv *e, const uint8_t *buf, size_t buflen)
{
	char rec[256], *eq;
	uint32_t size;
	size_t off, n;

	size = get32(buf + 8);
	if (get32(buf) != FWUPDATE_BOOTENV_MAGIC || size > ENV_MAX ||
	    size > buflen - ENV_HDR ||
	    get32(buf + 12) != (uint32_t)crc32(0, buf + ENV_HDR, size))
		return -1;
	memset(e, 0, sizeof(*e));
	e->order[0] = e->order[1] = e->last_slot = -1;
	e->write_count = get32(buf + 4);
	for (off = ENV_HDR; off + 2 <= ENV_HDR + size && buf[off] == ENV_TAG;
	    off += 2 + n) {
		n = buf[off + 1];
		if (off + 2 + n > ENV_HDR + size)
			return -1;
		memcpy(rec, buf + off + 2, n);
		rec[n] = '\0';
		if ((eq = strchr(rec, '=')) == NULL)
			return -1;
		*eq = '\0';
		env_var(e, rec, eq + 1);
	}
	return 0;
}

int
fwupdate_bootenv_load(struct fwupdate *fw, const char **errstr)
{
	struct fwupdate_bootenv e;
	uint8_t *buf;
	int i, found = 0;

	buf = xmalloc(ENV_HDR + ENV_MAX);
	for (i = 0; i < 2; i++) {
		if (flash_sim_part_read(fwupdate_part(fw, copies[i]), buf,
		    ENV_HDR + ENV_MAX, NULL, errstr) == -1 ||
		    env_decode(&e, buf, ENV_HDR + ENV_MAX) == -1)
			continue;
		if (found && e.write_count <= fw->env.write_count)
			continue;
		e.copy = i;
		fw->env = e;
		found = 1;
	}
	free(buf);
	if (!found) {
		*errstr = "no valid boot environment copy";
		return -1;
	}
	return 0;
}

int
fwupdate_bootenv_commit(struct fwupdate *fw, const char **errstr)
{
	struct fwupdate_bootenv *e = &fw->env;
	uint8_t *buf;
	size_t len;
	int target = e->copy == 0 ? 1 : 0, rv;

	buf = xcalloc(1, ENV_HDR + ENV_MAX);
	len = env_encode(e, buf + ENV_HDR);
	put32(buf, FWUPDATE_BOOTENV_MAGIC);
	put32(buf + 4, e->write_count + 1);
	put32(buf + 8, (uint32_t)len);
	put32(buf + 12, (uint32_t)crc32(0, buf + ENV_HDR, (uInt)len));
	rv = flash_sim_part_write(fwupdate_part(fw, copies[target]), buf,
	    ENV_HDR + len, NULL, errstr);
	if (rv == 0)
		rv = fw->conf.nosync ? 0 : flash_sim_sync(fw->nor, errstr);
	free(buf);
	if (rv == 0) {
		e->write_count++;
		e->copy = target;
	}
	return rv;
}

void
fwupdate_bootenv_default(struct fwupdate *fw)
{
	struct fwupdate_bootenv *e = &fw->env;

	memset(e, 0, sizeof(*e));
	e->copy = 1;		/* so the first commit writes nvram */
	e->order[0] = 0;
	e->order[1] = -1;
	e->left[0] = fwupdate_attempts(fw);
	e->last_slot = -1;
}

/* mark-bad (section 5.1): out of BOOT_ORDER, no attempts left. */
void
fwupdate_bootenv_drop(struct fwupdate *fw, int bank)
{
	struct fwupdate_bootenv *e = &fw->env;

	if (e->order[0] == bank) {
		e->order[0] = e->order[1];
		e->order[1] = -1;
	} else if (e->order[1] == bank)
		e->order[1] = -1;
	e->left[bank] = 0;
}

/* arm (section 5.1): BOOT_ORDER = "bank other", bank LEFT = N. */
void
fwupdate_bootenv_first(struct fwupdate *fw, int bank)
{
	struct fwupdate_bootenv *e = &fw->env;
	int other = bank == 0 ? 1 : 0;

	fwupdate_bootenv_drop(fw, bank);
	e->order[1] = e->order[0] == other ? other : -1;
	e->order[0] = bank;
	e->left[bank] = fwupdate_attempts(fw);
}
