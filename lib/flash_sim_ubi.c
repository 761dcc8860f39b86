/*
 * flash_sim_ubi.c: a UBI device with one static volume, at the level
 * FIRMWARE.md section 4.1 needs.  The volume table sits in the first two
 * good blocks of the partition (two copies, CRC-protected, like UBI's layout
 * volume); the volume data follows over the remaining good blocks with
 * bad-block skipping and a whole-volume CRC, as static volumes carry.  An
 * update sets the update marker in both copies first and clears it last
 * (drivers/mtd/ubi/upd.c), so an interrupted update leaves the volume
 * refusing reads until a complete update.  Not modelled: LEB mapping, wear
 * levelling, scrubbing, more than one volume.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include "lib/flash_sim.h"
#include "lib/flash_sim_int.h"
#include "lib/xmalloc.h"

#define UBI_VTBL_LEN		64
#define UBI_BEB_RESERVE		2	/* blocks kept for bad-block handling */

struct ubi_vtbl {
	char		name[FLASH_SIM_NAME_MAX];
	uint64_t	reserved;
	uint64_t	data_size;
	uint32_t	data_crc;
	uint8_t		upd_marker;
};

static void
put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

static uint32_t
get32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[3] << 24;
}

static void
vtbl_encode(uint8_t out[UBI_VTBL_LEN], const struct ubi_vtbl *v)
{
	memset(out, 0, UBI_VTBL_LEN);
	put32(out, FLASH_SIM_UBI_MAGIC);
	memcpy(out + 4, v->name, FLASH_SIM_NAME_MAX);
	put32(out + 36, (uint32_t)v->reserved);
	put32(out + 40, (uint32_t)(v->reserved >> 32));
	put32(out + 44, (uint32_t)v->data_size);
	put32(out + 48, (uint32_t)(v->data_size >> 32));
	put32(out + 52, v->data_crc);
	out[56] = v->upd_marker;
	put32(out + 60, (uint32_t)crc32(0, out, 60));
}

static int
vtbl_decode(struct ubi_vtbl *v, const uint8_t in[UBI_VTBL_LEN])
{
	if (get32(in) != FLASH_SIM_UBI_MAGIC ||
	    get32(in + 60) != (uint32_t)crc32(0, in, 60) ||
	    in[4 + FLASH_SIM_NAME_MAX - 1] != '\0')
		return -1;
	memcpy(v->name, in + 4, FLASH_SIM_NAME_MAX);
	v->reserved = get32(in + 36) | (uint64_t)get32(in + 40) << 32;
	v->data_size = get32(in + 44) | (uint64_t)get32(in + 48) << 32;
	v->data_crc = get32(in + 52);
	v->upd_marker = in[56];
	return 0;
}

/* The two volume-table blocks and the data area behind them. */
static int
ubi_layout(const struct flash_sim_part *p, uint32_t vt[2],
    struct flash_sim_part *data, const char **errstr)
{
	uint32_t b, n = 0;

	for (b = p->first; b < p->first + p->nblocks && n < 2; b++)
		if (!flash_sim_block_is_bad(p->dev, b))
			vt[n++] = b;
	if (n < 2 || b >= p->first + p->nblocks) {
		*errstr = "UBI partition has too few good blocks";
		return -1;
	}
	*data = *p;
	data->first = b;
	data->nblocks = p->first + p->nblocks - b;
	return 0;
}

static int
vtbl_write_copy(struct flash_sim *fs, uint32_t b, const struct ubi_vtbl *v,
    const char **errstr)
{
	uint32_t ps = fs->geom.page_size;
	uint8_t *page;
	int rv;

	page = xmalloc(ps);
	memset(page, 0xff, ps);
	vtbl_encode(page, v);
	rv = flash_sim_erase(fs, b, errstr);
	if (rv == 0)
		rv = flash_sim_program(fs, (uint64_t)b * fs->geom.block_size,
		    page, ps < UBI_VTBL_LEN ? UBI_VTBL_LEN : ps, errstr);
	free(page);
	return rv;
}

static int
vtbl_write(struct flash_sim *fs, const uint32_t vt[2],
    const struct ubi_vtbl *v, const char **errstr)
{
	if (vtbl_write_copy(fs, vt[0], v, errstr) == -1 ||
	    vtbl_write_copy(fs, vt[1], v, errstr) == -1)
		return -1;
	return 0;
}

/* Copy 0 is written first, so a valid copy 0 is the newest. */
static int
vtbl_read(struct flash_sim *fs, const uint32_t vt[2], struct ubi_vtbl *v,
    const char **errstr)
{
	uint8_t buf[UBI_VTBL_LEN];
	int i;

	for (i = 0; i < 2; i++) {
		if (flash_sim_read(fs, (uint64_t)vt[i] * fs->geom.block_size,
		    buf, sizeof(buf), NULL, errstr) == 0 &&
		    vtbl_decode(v, buf) == 0)
			return 0;
	}
	*errstr = "no valid UBI volume table";
	return -1;
}

int
flash_sim_ubi_format(const struct flash_sim_part *p, const char *vol,
    const char **errstr)
{
	struct flash_sim_part data;
	struct ubi_vtbl v;
	uint32_t vt[2], good;

	if (strlen(vol) >= FLASH_SIM_NAME_MAX) {
		*errstr = "UBI volume name too long";
		return -1;
	}
	if (flash_sim_part_erase(p, NULL, errstr) == -1 ||
	    ubi_layout(p, vt, &data, errstr) == -1)
		return -1;
	good = data.nblocks - flash_sim_bad_count(p->dev, data.first,
	    data.nblocks);
	memset(&v, 0, sizeof(v));
	strlcpy(v.name, vol, sizeof(v.name));
	v.reserved = good > UBI_BEB_RESERVE ? (uint64_t)(good -
	    UBI_BEB_RESERVE) * p->dev->geom.block_size : 0;
	v.data_crc = (uint32_t)crc32(0, NULL, 0);
	return vtbl_write(p->dev, vt, &v, errstr);
}

int
flash_sim_ubi_info(const struct flash_sim_part *p,
    struct flash_sim_ubi_info *info, const char **errstr)
{
	struct flash_sim_part data;
	struct ubi_vtbl v;
	uint32_t vt[2];

	if (ubi_layout(p, vt, &data, errstr) == -1 ||
	    vtbl_read(p->dev, vt, &v, errstr) == -1)
		return -1;
	strlcpy(info->volume, v.name, sizeof(info->volume));
	info->reserved = v.reserved;
	info->data_size = v.data_size;
	info->upd_marker = v.upd_marker != 0;
	return 0;
}

int
flash_sim_ubi_update(const struct flash_sim_part *p, const char *vol,
    const void *data, size_t len, struct flash_sim_stats *st,
    const char **errstr)
{
	struct flash_sim_part area;
	struct ubi_vtbl v;
	uint32_t vt[2];

	if (ubi_layout(p, vt, &area, errstr) == -1 ||
	    vtbl_read(p->dev, vt, &v, errstr) == -1)
		return -1;
	if (strcmp(v.name, vol) != 0) {
		*errstr = "no such UBI volume";
		return -1;
	}
	if (len > v.reserved) {
		*errstr = "UBI volume too small for the image";
		return -1;
	}
	v.upd_marker = 1;
	if (vtbl_write(p->dev, vt, &v, errstr) == -1 ||
	    flash_sim_part_write(&area, data, len, st, errstr) == -1)
		return -1;
	v.upd_marker = 0;
	v.data_size = len;
	v.data_crc = (uint32_t)crc32(0, data, (uInt)len);
	return vtbl_write(p->dev, vt, &v, errstr);
}

int
flash_sim_ubi_read(const struct flash_sim_part *p, const char *vol,
    void **datap, size_t *lenp, struct flash_sim_stats *st,
    const char **errstr)
{
	struct flash_sim_part area;
	struct ubi_vtbl v;
	uint32_t vt[2];
	void *buf;

	*datap = NULL;
	if (ubi_layout(p, vt, &area, errstr) == -1 ||
	    vtbl_read(p->dev, vt, &v, errstr) == -1)
		return -1;
	if (strcmp(v.name, vol) != 0) {
		*errstr = "no such UBI volume";
		return -1;
	}
	if (v.upd_marker) {
		*errstr = "UBI volume damaged by an interrupted update";
		return -1;
	}
	buf = xmalloc(v.data_size + 1);
	if (v.data_size > 0 && flash_sim_part_read(&area, buf,
	    (size_t)v.data_size, st, errstr) == -1) {
		free(buf);
		return -1;
	}
	if ((uint32_t)crc32(0, buf, (uInt)v.data_size) != v.data_crc) {
		free(buf);
		*errstr = "UBI volume data corrupted";
		return -1;
	}
	*datap = buf;
	*lenp = (size_t)v.data_size;
	return 0;
}
