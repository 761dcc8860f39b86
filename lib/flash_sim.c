/*
 * flash_sim.c: one simulated raw flash device in two files (FIRMWARE.md
 * section 4.1).  The data file stores every byte inverted, so an erased
 * device (all 0xFF) is a sparse file of zeros and an erase punches a hole:
 * a fleet of simulated boxes costs disk only for what was written.  The
 * .oob file holds one flag byte per block and per page.  This file does the
 * raw operations and their rules (NOR AND-programming, NAND page order and
 * program-once, bad blocks, ECC, injected faults, power cuts); partitions
 * and UBI are in flash_sim_part.c and flash_sim_ubi.c.
 */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/flash_sim.h"
#include "lib/flash_sim_int.h"
#include "lib/xmalloc.h"

static int
geom_check(const struct flash_sim_geom *g, const char **errstr)
{
	uint64_t size = (uint64_t)g->block_size * g->nblocks;

	if (g->page_size == 0 || g->block_size == 0 || g->nblocks == 0 ||
	    g->block_size > FLASH_SIM_BLOCK_MAX ||
	    g->block_size % g->page_size != 0 || size > FLASH_SIM_SIZE_MAX ||
	    (g->type == FLASH_SIM_NAND && g->page_size < FLASH_SIM_PAGE_MIN)) {
		*errstr = "bad flash geometry";
		return -1;
	}
	return 0;
}

static int
open_oob(struct flash_sim *fs, const char *path, bool created,
    const char **errstr)
{
	char *oobpath;
	ssize_t n;

	xasprintf(&oobpath, "%s.oob", path);
	fs->oobfd = open(oobpath, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	free(oobpath);
	if (fs->oobfd == -1) {
		*errstr = "cannot open the flash .oob file";
		return -1;
	}
	fs->ooblen = (size_t)fs->geom.nblocks * (1 + fs->ppb);
	fs->oob = xcalloc(1, fs->ooblen);
	if (created) {
		if (ftruncate(fs->oobfd, 0) == -1 ||
		    pwrite(fs->oobfd, fs->oob, fs->ooblen, 0) !=
		    (ssize_t)fs->ooblen) {
			*errstr = "cannot initialise the flash .oob file";
			return -1;
		}
		return 0;
	}
	n = pread(fs->oobfd, fs->oob, fs->ooblen, 0);
	if (n != (ssize_t)fs->ooblen) {
		*errstr = "flash .oob file does not match the geometry";
		return -1;
	}
	return 0;
}

int
flash_sim_open(struct flash_sim **fsp, const char *path,
    const struct flash_sim_geom *geom, const char **errstr)
{
	struct flash_sim *fs;
	struct stat st;
	uint64_t size;
	bool created = false;

	*fsp = NULL;
	if (geom_check(geom, errstr) == -1)
		return -1;
	size = (uint64_t)geom->block_size * geom->nblocks;
	fs = xcalloc(1, sizeof(*fs));
	fs->oobfd = -1;
	fs->geom = *geom;
	fs->ppb = geom->block_size / geom->page_size;
	fs->fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (fs->fd == -1 || fstat(fs->fd, &st) == -1) {
		*errstr = "cannot open the flash file";
		goto fail;
	}
	if (st.st_size == 0) {
		created = true;
		if (ftruncate(fs->fd, (off_t)size) == -1) {
			*errstr = "cannot size the flash file";
			goto fail;
		}
	} else if ((uint64_t)st.st_size != size) {
		*errstr = "flash file does not match the geometry";
		goto fail;
	}
	if (open_oob(fs, path, created, errstr) == -1)
		goto fail;
	*fsp = fs;
	return 0;
fail:
	flash_sim_free(fs);
	return -1;
}

void
flash_sim_free(struct flash_sim *fs)
{
	if (fs == NULL)
		return;
	if (fs->fd != -1)
		close(fs->fd);
	if (fs->oobfd != -1)
		close(fs->oobfd);
	free(fs->oob);
	free(fs);
}

const struct flash_sim_geom *
flash_sim_geom(const struct flash_sim *fs)
{
	return &fs->geom;
}

int
flash_sim_sync(struct flash_sim *fs, const char **errstr)
{
	if (fsync(fs->fd) == -1 || fsync(fs->oobfd) == -1) {
		*errstr = "cannot sync the flash files";
		return -1;
	}
	return 0;
}

uint8_t *
flash_sim_oob_block(struct flash_sim *fs, uint32_t block)
{
	return &fs->oob[(size_t)block * (1 + fs->ppb)];
}

int
flash_sim_oob_flush(struct flash_sim *fs, uint32_t block, const char **errstr)
{
	size_t len = 1 + fs->ppb, off = (size_t)block * len;

	if (pwrite(fs->oobfd, fs->oob + off, len, (off_t)off) != (ssize_t)len) {
		*errstr = "cannot write the flash .oob file";
		return -1;
	}
	return 0;
}

bool
flash_sim_block_is_bad(struct flash_sim *fs, uint32_t block)
{
	if (block >= fs->geom.nblocks)
		return true;
	return (*flash_sim_oob_block(fs, block) & FS_BLK_BAD) != 0;
}

int
flash_sim_block_mark_bad(struct flash_sim *fs, uint32_t block,
    const char **errstr)
{
	if (block >= fs->geom.nblocks) {
		*errstr = "block out of range";
		return -1;
	}
	*flash_sim_oob_block(fs, block) |= FS_BLK_BAD;
	return flash_sim_oob_flush(fs, block, errstr);
}

unsigned int
flash_sim_bad_count(struct flash_sim *fs, uint32_t first, uint32_t nblocks)
{
	unsigned int n = 0;
	uint32_t b;

	for (b = first; b < first + nblocks; b++)
		if (flash_sim_block_is_bad(fs, b))
			n++;
	return n;
}

void
flash_sim_cut_after(struct flash_sim *fs, unsigned long nops)
{
	fs->cut_left = nops;
}

bool
flash_sim_is_cut(const struct flash_sim *fs)
{
	return fs->cut;
}

/*
 * Counts one erase or program towards an armed power cut.  Returns true if
 * this operation is the one the power dies in (it then runs half-way).
 */
bool
flash_sim_op_cuts(struct flash_sim *fs)
{
	if (fs->cut_left == 0)
		return false;
	if (--fs->cut_left > 0)
		return false;
	fs->cut = true;
	return true;
}

int
flash_sim_fault_from_name(const char *name, enum flash_sim_fault *f)
{
	static const char *names[] = { "bad", "erase", "program", "bitflip",
		"ecc", "silent" };
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(name, names[i]) == 0) {
			*f = (enum flash_sim_fault)i;
			return 0;
		}
	return -1;
}

int
flash_sim_inject(struct flash_sim *fs, uint32_t block, uint32_t page,
    enum flash_sim_fault fault, const char **errstr)
{
	static const uint8_t blkflag[] = { FS_BLK_BAD, FS_BLK_ERASE_FAIL,
		FS_BLK_PROG_FAIL };
	static const uint8_t pgflag[] = { FS_PG_BITFLIP, FS_PG_ECC,
		FS_PG_SILENT };
	uint8_t *o;

	if (block >= fs->geom.nblocks || page >= fs->ppb) {
		*errstr = "fault injection out of range";
		return -1;
	}
	o = flash_sim_oob_block(fs, block);
	if (fault <= FLASH_SIM_FAULT_PROGRAM)
		o[0] |= blkflag[fault];
	else if (fault <= FLASH_SIM_FAULT_SILENT)
		o[1 + page] |= pgflag[fault - FLASH_SIM_FAULT_BITFLIP];
	else {
		*errstr = "unknown flash fault";
		return -1;
	}
	return flash_sim_oob_flush(fs, block, errstr);
}
