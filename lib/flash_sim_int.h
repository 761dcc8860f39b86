/*
 * flash_sim_int.h: the private side of lib/flash_sim shared by its files
 * (the device struct and the .oob flag bits).  Not for use outside
 * lib/flash_sim*.c.
 */
#ifndef LIB_FLASH_SIM_INT_H
#define LIB_FLASH_SIM_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/flash_sim.h"

/* Block flag byte. */
#define FS_BLK_BAD		0x01
#define FS_BLK_ERASE_FAIL	0x02
#define FS_BLK_PROG_FAIL	0x04
/* Page flag byte. */
#define FS_PG_PROGRAMMED	0x01
#define FS_PG_BITFLIP		0x02
#define FS_PG_ECC		0x04
#define FS_PG_SILENT		0x08

struct flash_sim {
	struct flash_sim_geom	 geom;
	uint32_t		 ppb;		/* pages per block */
	int			 fd;
	int			 oobfd;
	uint8_t			*oob;		/* nblocks * (1 + ppb) */
	size_t			 ooblen;
	unsigned long		 cut_left;	/* ops until the cut; 0: none */
	bool			 cut;		/* the power is off */
};

uint8_t	*flash_sim_oob_block(struct flash_sim *fs, uint32_t block);
int	 flash_sim_oob_flush(struct flash_sim *fs, uint32_t block,
	    const char **errstr);
bool	 flash_sim_op_cuts(struct flash_sim *fs);

#endif /* LIB_FLASH_SIM_INT_H */
