/*
 * flash_sim_io.c: erase, program and read on a simulated flash device
 * (FIRMWARE.md section 4.1).  NOR programs any byte range by AND-ing it
 * into the array; NAND programs whole erased pages in ascending order
 * within a block.  Injected faults fire here: a one-shot erase or program
 * failure, correctable and uncorrectable ECC errors, silent corruption, and
 * a power cut that leaves the operation half-done.  Bad-block policy is not
 * here (flash_sim_part.c skips and marks blocks).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/flash_sim.h"
#include "lib/flash_sim_int.h"
#include "lib/xmalloc.h"

/* Stored bytes are inverted: a hole (zeros) reads as erased 0xFF. */
static void
invert(uint8_t *p, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		p[i] = (uint8_t)~p[i];
}

static int
raw_read(struct flash_sim *fs, uint64_t off, void *data, size_t len)
{
	if (pread(fs->fd, data, len, (off_t)off) != (ssize_t)len)
		return -1;
	invert(data, len);
	return 0;
}

static int
raw_write(struct flash_sim *fs, uint64_t off, const void *data, size_t len)
{
	uint8_t *tmp;
	int rv;

	tmp = xmalloc(len);
	memcpy(tmp, data, len);
	invert(tmp, len);
	rv = pwrite(fs->fd, tmp, len, (off_t)off) == (ssize_t)len ? 0 : -1;
	free(tmp);
	return rv;
}

static int
raw_erase(struct flash_sim *fs, uint64_t off, size_t len)
{
	uint8_t *zero;
	int rv;

	if (fallocate(fs->fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE,
	    (off_t)off, (off_t)len) == 0)
		return 0;
	zero = xcalloc(1, len);
	rv = pwrite(fs->fd, zero, len, (off_t)off) == (ssize_t)len ? 0 : -1;
	free(zero);
	return rv;
}

static int
range_check(struct flash_sim *fs, uint64_t off, size_t len,
    const char **errstr)
{
	uint64_t size = (uint64_t)fs->geom.block_size * fs->geom.nblocks;

	if (fs->cut) {
		*errstr = "power is off";
		return -1;
	}
	if (len == 0 || off > size || len > size - off) {
		*errstr = "flash access out of range";
		return -1;
	}
	return 0;
}

int
flash_sim_erase(struct flash_sim *fs, uint32_t block, const char **errstr)
{
	uint32_t bs = fs->geom.block_size, p;
	uint8_t *o;
	bool cut;

	if (range_check(fs, (uint64_t)block * bs, bs, errstr) == -1)
		return -1;
	o = flash_sim_oob_block(fs, block);
	if (o[0] & FS_BLK_BAD) {
		*errstr = "erase of a bad block";
		return -1;
	}
	if (o[0] & FS_BLK_ERASE_FAIL) {
		o[0] &= ~FS_BLK_ERASE_FAIL;
		(void)flash_sim_oob_flush(fs, block, errstr);
		*errstr = "erase failed";
		return -1;
	}
	cut = flash_sim_op_cuts(fs);
	if (raw_erase(fs, (uint64_t)block * bs, cut ? bs / 2 : bs) == -1) {
		*errstr = "cannot write the flash file";
		return -1;
	}
	for (p = 0; p < fs->ppb; p++)
		if (!cut || p < fs->ppb / 2)
			o[1 + p] &= ~FS_PG_PROGRAMMED;
	if (flash_sim_oob_flush(fs, block, errstr) == -1)
		return -1;
	if (cut) {
		*errstr = "power cut during erase";
		return -1;
	}
	return 0;
}

/* NAND: page-aligned, erased pages, ascending order within each block. */
static int
nand_check(struct flash_sim *fs, uint64_t off, size_t len,
    const char **errstr)
{
	uint32_t ps = fs->geom.page_size, b, p, q;
	uint64_t pg;

	if (off % ps != 0 || len % ps != 0) {
		*errstr = "NAND program not page-aligned";
		return -1;
	}
	for (pg = off / ps; pg < (off + len) / ps; pg++) {
		b = (uint32_t)(pg / fs->ppb);
		p = (uint32_t)(pg % fs->ppb);
		for (q = p; q < fs->ppb; q++)
			if (flash_sim_oob_block(fs, b)[1 + q] &
			    FS_PG_PROGRAMMED) {
				*errstr = "NAND page programmed twice or out "
				    "of order";
				return -1;
			}
	}
	return 0;
}

/* NOR: the array can only lose bits, so merge with what is there. */
static int
nor_merge(struct flash_sim *fs, uint64_t off, const uint8_t *data,
    size_t len, uint8_t *out)
{
	size_t i;

	if (raw_read(fs, off, out, len) == -1)
		return -1;
	for (i = 0; i < len; i++)
		out[i] &= data[i];
	return 0;
}

static int
block_flags_check(struct flash_sim *fs, uint64_t off, size_t len,
    const char **errstr)
{
	uint32_t bs = fs->geom.block_size, b;
	uint8_t *o;

	for (b = (uint32_t)(off / bs); b <= (off + len - 1) / bs; b++) {
		o = flash_sim_oob_block(fs, b);
		if (o[0] & FS_BLK_BAD) {
			*errstr = "program of a bad block";
			return -1;
		}
		if (o[0] & FS_BLK_PROG_FAIL) {
			o[0] &= ~FS_BLK_PROG_FAIL;
			(void)flash_sim_oob_flush(fs, b, errstr);
			*errstr = "program failed";
			return -1;
		}
	}
	return 0;
}

static int
mark_programmed(struct flash_sim *fs, uint64_t off, size_t len,
    const char **errstr)
{
	uint32_t ps = fs->geom.page_size, b, lastb = UINT32_MAX;
	uint64_t pg;

	for (pg = off / ps; pg <= (off + len - 1) / ps; pg++) {
		b = (uint32_t)(pg / fs->ppb);
		flash_sim_oob_block(fs, b)[1 + pg % fs->ppb] |=
		    FS_PG_PROGRAMMED;
		if (b != lastb && lastb != UINT32_MAX &&
		    flash_sim_oob_flush(fs, lastb, errstr) == -1)
			return -1;
		lastb = b;
	}
	return flash_sim_oob_flush(fs, lastb, errstr);
}

int
flash_sim_program(struct flash_sim *fs, uint64_t off, const void *data,
    size_t len, const char **errstr)
{
	uint8_t *buf;
	size_t n;
	bool cut;
	int rv = -1;

	if (range_check(fs, off, len, errstr) == -1)
		return -1;
	if (fs->geom.type == FLASH_SIM_NAND &&
	    nand_check(fs, off, len, errstr) == -1)
		return -1;
	if (block_flags_check(fs, off, len, errstr) == -1)
		return -1;
	cut = flash_sim_op_cuts(fs);
	n = cut ? len / 2 : len;
	buf = xmalloc(len);
	if (fs->geom.type == FLASH_SIM_NOR) {
		if (nor_merge(fs, off, data, len, buf) == -1)
			goto io;
	} else
		memcpy(buf, data, len);
	if (n > 0 && (raw_write(fs, off, buf, n) == -1 ||
	    mark_programmed(fs, off, n, errstr) == -1))
		goto io;
	if (cut)
		*errstr = "power cut during program";
	else
		rv = 0;
	free(buf);
	return rv;
io:
	free(buf);
	*errstr = "cannot write the flash file";
	return -1;
}

/* Applies the injected page faults to data read from [off, off + len). */
static int
read_faults(struct flash_sim *fs, uint64_t off, uint8_t *data, size_t len,
    struct flash_sim_stats *st, const char **errstr)
{
	uint32_t ps = fs->geom.page_size;
	uint64_t pg, start;
	uint8_t f;

	for (pg = off / ps; pg <= (off + len - 1) / ps; pg++) {
		f = flash_sim_oob_block(fs, (uint32_t)(pg / fs->ppb))
		    [1 + pg % fs->ppb];
		if (f & FS_PG_ECC) {
			*errstr = "uncorrectable ECC error";
			return -1;
		}
		if ((f & FS_PG_BITFLIP) && st != NULL)
			st->corrected++;
		start = pg * ps;
		if ((f & FS_PG_SILENT) && start >= off)
			data[start - off] ^= 0x01;
	}
	return 0;
}

int
flash_sim_read(struct flash_sim *fs, uint64_t off, void *data, size_t len,
    struct flash_sim_stats *st, const char **errstr)
{
	if (range_check(fs, off, len, errstr) == -1)
		return -1;
	if (raw_read(fs, off, data, len) == -1) {
		*errstr = "cannot read the flash file";
		return -1;
	}
	return read_faults(fs, off, data, len, st, errstr);
}
