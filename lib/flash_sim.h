/*
 * flash_sim.h: simulated raw flash kept in files, with the semantics that
 * make firmware updates fail in interesting ways (FIRMWARE.md section 4).
 * A device is <path> (the data, erased = 0xFF) plus <path>.oob (one state
 * byte per block and per page: bad-block marker, programmed flag, injected
 * faults), so bad blocks and injected faults survive a simulated reboot.
 *
 *  - NOR: programming can only clear bits (data &= new); an erase sets a
 *    block to 0xFF.
 *  - NAND: whole pages, in order within a block, only into an erased page;
 *    factory and run-time bad blocks; correctable (EUCLEAN) and
 *    uncorrectable (EBADMSG) ECC errors per page.
 *  - Partitions: skip-bad-block writing and reading (an erase or program
 *    failure marks the block bad and moves on, all-0xFF pages are not
 *    programmed, already-erased NOR blocks are not erased again).
 *  - UBI, at the level FIRMWARE.md describes: one static volume per UBI
 *    partition, a volume table in two copies, and an update marker set
 *    before a volume update and cleared after it; a volume whose marker is
 *    set refuses reads until the next complete update.
 *
 * It does not model timing, wear, or UBI's wear levelling and LEB mapping
 * (volume data is laid out in order over the good blocks).  A power cut is
 * modelled by flash_sim_cut_after(): the nth operation stops half-done and
 * every later one fails until the device is re-opened.
 */
#ifndef LIB_FLASH_SIM_H
#define LIB_FLASH_SIM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define FLASH_SIM_SIZE_MAX	(1024ULL * 1024 * 1024)	/* one device */
#define FLASH_SIM_BLOCK_MAX	(1024 * 1024)
#define FLASH_SIM_PAGE_MIN	256
#define FLASH_SIM_PARTS_MAX	16
#define FLASH_SIM_NAME_MAX	32
#define FLASH_SIM_UBI_MAGIC	0x55424921U	/* "UBI!" */
#define FLASH_SIM_UBI_VTBL_COPIES 2

enum flash_sim_type {
	FLASH_SIM_NOR,
	FLASH_SIM_NAND
};

/* Per-block or per-page faults; persisted in the .oob file. */
enum flash_sim_fault {
	FLASH_SIM_FAULT_BAD,		/* factory bad block */
	FLASH_SIM_FAULT_ERASE,		/* the next erase of the block fails */
	FLASH_SIM_FAULT_PROGRAM,	/* the next program in the block fails */
	FLASH_SIM_FAULT_BITFLIP,	/* page reads corrected (EUCLEAN) */
	FLASH_SIM_FAULT_ECC,		/* page reads fail (EBADMSG) */
	FLASH_SIM_FAULT_SILENT		/* page reads back a flipped bit */
};

struct flash_sim_geom {
	enum flash_sim_type	type;
	uint32_t		page_size;	/* NOR: the program granule */
	uint32_t		block_size;	/* erase block */
	uint32_t		nblocks;
};

/* Read status: ECC corrections seen (the kernel's EUCLEAN). */
struct flash_sim_stats {
	unsigned int	corrected;	/* pages read with a corrected flip */
	unsigned int	skipped;	/* bad blocks skipped */
	unsigned int	marked_bad;	/* blocks marked bad by this call */
	unsigned int	erased;		/* blocks erased */
	unsigned int	erase_skipped;	/* NOR blocks already blank */
};

struct flash_sim;

/*
 * Opens (or creates, all 0xFF) a flash device.  The geometry must match an
 * existing device's size.
 */
int	flash_sim_open(struct flash_sim **fsp, const char *path,
	    const struct flash_sim_geom *geom, const char **errstr);
void	flash_sim_free(struct flash_sim *fs);
const struct flash_sim_geom *flash_sim_geom(const struct flash_sim *fs);
/* fsync the data and .oob files. */
int	flash_sim_sync(struct flash_sim *fs, const char **errstr);

/* Raw operations; offsets and lengths are checked against the geometry. */
int	flash_sim_erase(struct flash_sim *fs, uint32_t block,
	    const char **errstr);
int	flash_sim_program(struct flash_sim *fs, uint64_t off, const void *data,
	    size_t len, const char **errstr);
int	flash_sim_read(struct flash_sim *fs, uint64_t off, void *data,
	    size_t len, struct flash_sim_stats *st, const char **errstr);
bool	flash_sim_block_is_bad(struct flash_sim *fs, uint32_t block);
int	flash_sim_block_mark_bad(struct flash_sim *fs, uint32_t block,
	    const char **errstr);
unsigned int flash_sim_bad_count(struct flash_sim *fs, uint32_t first,
	    uint32_t nblocks);
/* page is the page index inside the block (page faults only). */
int	flash_sim_inject(struct flash_sim *fs, uint32_t block, uint32_t page,
	    enum flash_sim_fault fault, const char **errstr);
int	flash_sim_fault_from_name(const char *name, enum flash_sim_fault *f);
/* A power cut during the nth erase/program from now (1 = the next one). */
void	flash_sim_cut_after(struct flash_sim *fs, unsigned long nops);
bool	flash_sim_is_cut(const struct flash_sim *fs);

/* A partition: a named block range of one device. */
struct flash_sim_part {
	char			 name[FLASH_SIM_NAME_MAX];
	struct flash_sim	*dev;
	uint32_t		 first;		/* first block */
	uint32_t		 nblocks;
};

/* Usable bytes: good blocks minus the spare allowance. */
uint64_t flash_sim_part_capacity(const struct flash_sim_part *p,
	    uint32_t spares);
/*
 * Writes data from the start of the partition, skipping bad blocks
 * (section 4.1).  Fails with "too many bad blocks" when the good blocks run
 * out.
 */
int	flash_sim_part_write(const struct flash_sim_part *p, const void *data,
	    size_t len, struct flash_sim_stats *st, const char **errstr);
int	flash_sim_part_read(const struct flash_sim_part *p, void *data,
	    size_t len, struct flash_sim_stats *st, const char **errstr);
/* Erases every good block (skipping blank NOR blocks). */
int	flash_sim_part_erase(const struct flash_sim_part *p,
	    struct flash_sim_stats *st, const char **errstr);

/* UBI: one static volume per partition. */
struct flash_sim_ubi_info {
	char		volume[FLASH_SIM_NAME_MAX];
	uint64_t	reserved;	/* volume size in bytes */
	uint64_t	data_size;	/* bytes of the last complete update */
	bool		upd_marker;	/* an update was interrupted */
};
/* Creates the volume table (erasing the partition). */
int	flash_sim_ubi_format(const struct flash_sim_part *p, const char *vol,
	    const char **errstr);
int	flash_sim_ubi_info(const struct flash_sim_part *p,
	    struct flash_sim_ubi_info *info, const char **errstr);
/* ubiupdatevol: marker set, data written, marker cleared. */
int	flash_sim_ubi_update(const struct flash_sim_part *p, const char *vol,
	    const void *data, size_t len, struct flash_sim_stats *st,
	    const char **errstr);
/* Reads data_size bytes into a malloc'd buffer; fails if the marker is set. */
int	flash_sim_ubi_read(const struct flash_sim_part *p, const char *vol,
	    void **datap, size_t *lenp, struct flash_sim_stats *st,
	    const char **errstr);

#endif /* LIB_FLASH_SIM_H */
