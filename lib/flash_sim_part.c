/*
 * flash_sim_part.c: partitions of a simulated flash device, written and
 * read the way nandwrite, u-boot "nand write" and SWUpdate's flash handler
 * do (FIRMWARE.md section 4.1): bad blocks are skipped, so an image's
 * extent grows by one block per bad block; an erase failure marks the block
 * bad; a program failure erases the block, marks it bad and rewrites the
 * data into the next good block; all-0xFF NAND pages are not programmed;
 * NOR blocks that already read blank are not erased again.  A power cut
 * stops the write at once and marks nothing bad.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "lib/flash_sim.h"
#include "lib/flash_sim_int.h"
#include "lib/xmalloc.h"

uint64_t
flash_sim_part_capacity(const struct flash_sim_part *p, uint32_t spares)
{
	uint32_t good;

	good = p->nblocks - flash_sim_bad_count(p->dev, p->first, p->nblocks);
	if (good <= spares)
		return 0;
	return (uint64_t)(good - spares) * p->dev->geom.block_size;
}

static bool
is_blank(const uint8_t *d, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (d[i] != 0xff)
			return false;
	return true;
}

static int
block_is_blank(struct flash_sim *fs, uint32_t b, bool *blank,
    const char **errstr)
{
	uint32_t bs = fs->geom.block_size;
	uint8_t *buf;

	buf = xmalloc(bs);
	if (flash_sim_read(fs, (uint64_t)b * bs, buf, bs, NULL, errstr) ==
	    -1) {
		free(buf);
		return -1;
	}
	*blank = is_blank(buf, bs);
	free(buf);
	return 0;
}

/* Erases one block; on NOR only if it is not blank already. */
static int
erase_block(struct flash_sim *fs, uint32_t b, struct flash_sim_stats *st,
    const char **errstr)
{
	bool blank = false;

	if (fs->geom.type == FLASH_SIM_NOR) {
		if (block_is_blank(fs, b, &blank, errstr) == -1)
			return -1;
		if (blank) {
			st->erase_skipped++;
			return 0;
		}
	}
	if (flash_sim_erase(fs, b, errstr) == -1)
		return -1;
	st->erased++;
	return 0;
}

/* Programs one block's worth of data (len <= block size), padded. */
static int
program_block(struct flash_sim *fs, uint32_t b, const uint8_t *data,
    size_t len, const char **errstr)
{
	uint32_t ps = fs->geom.page_size, bs = fs->geom.block_size;
	uint64_t base = (uint64_t)b * bs;
	uint8_t *page;
	size_t off, n;
	int rv = 0;

	if (fs->geom.type == FLASH_SIM_NOR)
		return flash_sim_program(fs, base, data, len, errstr);
	page = xmalloc(ps);
	for (off = 0; off < len && rv == 0; off += ps) {
		n = len - off < ps ? len - off : ps;
		memset(page, 0xff, ps);
		memcpy(page, data + off, n);
		if (is_blank(page, ps))
			continue;
		rv = flash_sim_program(fs, base + off, page, ps, errstr);
	}
	free(page);
	return rv;
}

/* A failed block: marked bad unless the failure was the power going. */
static int
retire_block(struct flash_sim *fs, uint32_t b, struct flash_sim_stats *st,
    const char **errstr)
{
	const char *why = *errstr;

	if (fs->cut)
		return -1;
	if (fs->geom.type == FLASH_SIM_NOR)
		return -1;
	(void)flash_sim_erase(fs, b, errstr);
	if (flash_sim_block_mark_bad(fs, b, errstr) == -1)
		return -1;
	st->marked_bad++;
	*errstr = why;
	return 0;
}

int
flash_sim_part_write(const struct flash_sim_part *p, const void *data,
    size_t len, struct flash_sim_stats *st, const char **errstr)
{
	struct flash_sim *fs = p->dev;
	uint32_t bs = fs->geom.block_size, b = p->first;
	struct flash_sim_stats dummy;
	size_t done = 0, n;

	if (st == NULL)
		st = &dummy;
	memset(st, 0, sizeof(*st));
	while (done < len) {
		if (b >= p->first + p->nblocks) {
			*errstr = "too many bad blocks";
			return -1;
		}
		if (flash_sim_block_is_bad(fs, b)) {
			st->skipped++;
			b++;
			continue;
		}
		n = len - done < bs ? len - done : bs;
		if (erase_block(fs, b, st, errstr) == -1 ||
		    program_block(fs, b, (const uint8_t *)data + done, n,
		    errstr) == -1) {
			if (retire_block(fs, b, st, errstr) == -1)
				return -1;
			b++;
			continue;
		}
		done += n;
		b++;
	}
	return 0;
}

int
flash_sim_part_read(const struct flash_sim_part *p, void *data, size_t len,
    struct flash_sim_stats *st, const char **errstr)
{
	struct flash_sim *fs = p->dev;
	uint32_t bs = fs->geom.block_size, b = p->first;
	struct flash_sim_stats dummy;
	size_t done = 0, n;

	if (st == NULL)
		st = &dummy;
	memset(st, 0, sizeof(*st));
	while (done < len) {
		if (b >= p->first + p->nblocks) {
			*errstr = "read past the end of the partition";
			return -1;
		}
		if (flash_sim_block_is_bad(fs, b)) {
			st->skipped++;
			b++;
			continue;
		}
		n = len - done < bs ? len - done : bs;
		if (flash_sim_read(fs, (uint64_t)b * bs, (uint8_t *)data + done,
		    n, st, errstr) == -1)
			return -1;
		done += n;
		b++;
	}
	return 0;
}

int
flash_sim_part_erase(const struct flash_sim_part *p,
    struct flash_sim_stats *st, const char **errstr)
{
	struct flash_sim_stats dummy;
	uint32_t b;

	if (st == NULL)
		st = &dummy;
	memset(st, 0, sizeof(*st));
	for (b = p->first; b < p->first + p->nblocks; b++) {
		if (flash_sim_block_is_bad(p->dev, b))
			continue;
		if (erase_block(p->dev, b, st, errstr) == -1 &&
		    retire_block(p->dev, b, st, errstr) == -1)
			return -1;
	}
	return 0;
}
