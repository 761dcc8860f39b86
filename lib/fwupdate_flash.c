/*
 * fwupdate_flash.c: the set-top box's flash map (FIRMWARE.md section 4.2)
 * and the bank-level operations on it: installing an image's components
 * into a bank (raw NAND with bad-block skipping for kernel and devtree, a
 * UBI volume update for the rootfs), reading each back against its hash,
 * checking a bank the way the bootloader and init would at boot, and the
 * factory image of a fresh device.  It does not touch the journal or the
 * boot environment's A/B state (fwupdate.c, fwupdate_boot.c).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "lib/flash_sim.h"
#include "lib/fwupdate.h"
#include "lib/fwupdate_int.h"
#include "lib/xmalloc.h"

#define ROOTFS_VOLUME	"rootfs"

static const char *comp_parts[] = { "kernel", "devtree", "rg" };

static void
layout_defaults(struct fwupdate_layout *l)
{
	if (l->nor_block == 0)
		l->nor_block = FWUPDATE_NOR_BLOCK_DEFAULT;
	if (l->nand_page == 0)
		l->nand_page = FWUPDATE_NAND_PAGE_DEFAULT;
	if (l->nand_block == 0)
		l->nand_block = FWUPDATE_NAND_BLOCK_DEFAULT;
	if (l->kernel_blocks == 0)
		l->kernel_blocks = FWUPDATE_KERNEL_BLOCKS_DEFAULT;
	if (l->dtb_blocks == 0)
		l->dtb_blocks = FWUPDATE_DTB_BLOCKS_DEFAULT;
	if (l->rg_blocks == 0)
		l->rg_blocks = FWUPDATE_RG_BLOCKS_DEFAULT;
	if (l->spares == 0)
		l->spares = FWUPDATE_SPARES_DEFAULT;
}

static uint32_t
add_part(struct fwupdate *fw, struct flash_sim *dev, const char *name,
    uint32_t first, uint32_t n)
{
	struct flash_sim_part *p = &fw->parts[fw->nparts++];

	strlcpy(p->name, name, sizeof(p->name));
	p->dev = dev;
	p->first = first;
	p->nblocks = n;
	return first + n;
}

static void
build_map(struct fwupdate *fw)
{
	const struct fwupdate_layout *l = &fw->conf.layout;
	static const char *nor[] = { "bolt", "macadr", "nvram", "nvram1",
		"splash" };
	char name[FLASH_SIM_NAME_MAX];
	uint32_t b = 0, sizes[4];
	size_t i;
	int k;

	for (i = 0; i < sizeof(nor) / sizeof(nor[0]); i++)
		b = add_part(fw, fw->nor, nor[i], b, 1);
	sizes[0] = l->dtb_blocks;
	sizes[1] = l->kernel_blocks;
	sizes[2] = l->rg_blocks;
	sizes[3] = 2;
	b = 0;
	for (i = 0; i < 4; i++)
		for (k = 0; k < FWUPDATE_BANKS; k++) {
			snprintf(name, sizeof(name), "%s%d", i == 3 ?
			    "rgnonvol" : comp_parts[i == 0 ? 1 : i == 1 ? 0 :
			    2], k);
			b = add_part(fw, fw->nand, name, b, sizes[i]);
		}
}

int
fwupdate_flash_open(struct fwupdate *fw, const char **errstr)
{
	struct fwupdate_layout *l = &fw->conf.layout;
	struct flash_sim_geom g;
	char *path;
	int rv;

	layout_defaults(l);
	memset(&g, 0, sizeof(g));
	g.type = FLASH_SIM_NOR;
	g.page_size = 256;
	g.block_size = l->nor_block;
	g.nblocks = 5;
	xasprintf(&path, "%s/flash0.nor", fw->dir);
	rv = flash_sim_open(&fw->nor, path, &g, errstr);
	free(path);
	if (rv == -1)
		return -1;
	g.type = FLASH_SIM_NAND;
	g.page_size = l->nand_page;
	g.block_size = l->nand_block;
	g.nblocks = 2 * (l->dtb_blocks + l->kernel_blocks + l->rg_blocks + 2);
	xasprintf(&path, "%s/flash1.nand", fw->dir);
	rv = flash_sim_open(&fw->nand, path, &g, errstr);
	free(path);
	if (rv == -1)
		return -1;
	build_map(fw);
	return 0;
}

const struct flash_sim_part *
fwupdate_part(const struct fwupdate *fw, const char *name)
{
	size_t i;

	for (i = 0; i < fw->nparts; i++)
		if (strcmp(fw->parts[i].name, name) == 0)
			return &fw->parts[i];
	return NULL;
}

static const struct flash_sim_part *
bank_part(const struct fwupdate *fw, int idx, int bank)
{
	char name[FLASH_SIM_NAME_MAX];

	snprintf(name, sizeof(name), "%s%d", comp_parts[idx], bank);
	return fwupdate_part(fw, name);
}

/* Reads component idx of a bank back and compares it with its hash. */
static int
comp_verify(struct fwupdate *fw, int bank, int idx,
    const struct fwimage_component *c, const char **errstr)
{
	const struct flash_sim_part *p = bank_part(fw, idx, bank);
	uint8_t h[FWIMAGE_SHA256_LEN];
	void *data = NULL;
	size_t len = (size_t)c->size;
	int rv = -1;

	if (idx == FWUPDATE_COMP_ROOTFS) {
		if (flash_sim_ubi_read(p, ROOTFS_VOLUME, &data, &len, NULL,
		    errstr) == -1)
			return -1;
	} else {
		data = xmalloc(len + 1);
		if (len > 0 && flash_sim_part_read(p, data, len, NULL,
		    errstr) == -1)
			goto fail;
	}
	crypto_hash_sha256(h, data, len);
	if (len != c->size || memcmp(h, c->sha256, sizeof(h)) != 0) {
		*errstr = "readback mismatch";
		goto fail;
	}
	rv = 0;
fail:
	free(data);
	return rv;
}

static int
comp_fits(struct fwupdate *fw, int bank, int idx, uint64_t size,
    const char **errstr)
{
	const struct flash_sim_part *p = bank_part(fw, idx, bank);
	struct flash_sim_ubi_info ui;

	uint32_t spares = fw->conf.layout.spares;

	/* Small partitions keep at most half their blocks as spares. */
	if (spares > p->nblocks / 2)
		spares = p->nblocks / 2;
	if (idx != FWUPDATE_COMP_ROOTFS) {
		if (size > flash_sim_part_capacity(p, spares)) {
			*errstr = "component larger than its partition";
			return -1;
		}
		return 0;
	}
	if (flash_sim_ubi_info(p, &ui, errstr) == -1 &&
	    flash_sim_ubi_format(p, ROOTFS_VOLUME, errstr) == -1)
		return -1;
	if (flash_sim_ubi_info(p, &ui, errstr) == -1)
		return -1;
	if (size > ui.reserved) {
		*errstr = "UBI volume too small for the image";
		return -1;
	}
	return 0;
}

/* Writes and reads back one component.  -2: the power was cut. */
static int
comp_write(struct fwupdate *fw, int bank, int idx, const void *data,
    size_t len, const struct fwimage_component *c, const char **errstr)
{
	const struct flash_sim_part *p = bank_part(fw, idx, bank);
	int rv;

	if (idx == FWUPDATE_COMP_ROOTFS)
		rv = flash_sim_ubi_update(p, ROOTFS_VOLUME, data, len, NULL,
		    errstr);
	else
		rv = flash_sim_part_write(p, data, len, NULL, errstr);
	if (rv == 0)
		rv = comp_verify(fw, bank, idx, c, errstr);
	if (flash_sim_is_cut(fw->nand))
		return -2;
	if (rv == 0 && !fw->conf.nosync)
		rv = flash_sim_sync(fw->nand, errstr);
	return rv;
}

static int
comp_index(const char *partition)
{
	if (strcmp(partition, "kernel") == 0)
		return FWUPDATE_COMP_KERNEL;
	if (strcmp(partition, "devtree") == 0 || strcmp(partition, "dtb") == 0)
		return FWUPDATE_COMP_DTB;
	if (strcmp(partition, "rg") == 0 || strcmp(partition, "rootfs") == 0)
		return FWUPDATE_COMP_ROOTFS;
	return -1;
}

/* Maps the manifest onto kernel/dtb/rootfs; data[i] NULL if absent. */
static int
map_components(const struct fwimage *img, const void *data[3],
    size_t len[3], const struct fwimage_component *comp[3], int *fault,
    const char **errstr)
{
	const struct fwimage_manifest *m = fwimage_manifest(img);
	size_t i;
	int idx;

	memset(comp, 0, 3 * sizeof(comp[0]));
	for (i = 0; i < m->ncomponents; i++) {
		if ((idx = comp_index(m->components[i].partition)) == -1) {
			*fault = FWUPDATE_FAULT_CORRUPT;
			*errstr = "image names a partition this board lacks";
			return -1;
		}
		comp[idx] = &m->components[i];
		data[idx] = fwimage_component_data(img, i, &len[idx]);
	}
	if (comp[FWUPDATE_COMP_KERNEL] == NULL ||
	    comp[FWUPDATE_COMP_ROOTFS] == NULL) {
		*fault = FWUPDATE_FAULT_CORRUPT;
		*errstr = "image lacks a kernel or a rootfs";
		return -1;
	}
	return 0;
}

static void
arm_cut(struct fwupdate *fw, int idx)
{
	/* Kernel: the first block erases, its first page program tears. */
	if (idx == FWUPDATE_COMP_KERNEL && fw->cut == FWUPDATE_CUT_KERNEL)
		flash_sim_cut_after(fw->nand, 2);
	/* Rootfs: both marker copies are written (4 ops), then data. */
	if (idx == FWUPDATE_COMP_ROOTFS && fw->cut == FWUPDATE_CUT_ROOTFS)
		flash_sim_cut_after(fw->nand, 6);
}

/*
 * Installs an image into bank (section 3.3 INSTALLING).  Returns 0, -1 with
 * *fault and msg set, or -2 when an injected power cut stopped it.
 */
int
fwupdate_bank_install(struct fwupdate *fw, int bank, const struct fwimage *img,
    int *fault, char *msg, size_t msglen)
{
	const struct fwimage_component *comp[3];
	struct fwupdate_bank *b = &fw->banks[bank];
	const void *data[3] = { NULL, NULL, NULL };
	size_t len[3] = { 0, 0, 0 };
	const char *errstr;
	int i, rv;

	if (map_components(img, data, len, comp, fault, &errstr) == -1)
		goto fail;
	*fault = FWUPDATE_FAULT_TRANSFER;
	for (i = 0; i < 3; i++)
		if (comp[i] != NULL && comp_fits(fw, bank, i, comp[i]->size,
		    &errstr) == -1)
			goto fail;
	memset(b->comp, 0, sizeof(b->comp));
	for (i = 0; i < 3; i++) {
		if (comp[i] == NULL)
			continue;
		arm_cut(fw, i);
		rv = comp_write(fw, bank, i, data[i], len[i], comp[i], &errstr);
		if (rv == -2)
			return -2;
		if (rv == -1) {
			snprintf(msg, msglen, "flash write failed: %s: %s%d",
			    errstr, comp_parts[i], bank);
			return -1;
		}
		b->comp[i] = *comp[i];
		strlcpy(b->comp[i].name, comp_parts[i], sizeof(b->comp[i].name));
	}
	return 0;
fail:
	snprintf(msg, msglen, "%s", errstr);
	return -1;
}

/*
 * What the bootloader and init check when bank boots: kernel and devtree
 * authenticate (hash), the rootfs volume is usable, and the image's own
 * boot failures (test hook) are used up.  Returns 0 if it boots.
 */
int
fwupdate_bank_check(struct fwupdate *fw, int bank, char *reason,
    size_t reasonlen)
{
	struct fwupdate_bank *b = &fw->banks[bank];
	static const char *what[] = { "kernel", "devtree", "rootfs" };
	const char *errstr;
	int i;

	if (b->info.status == FWUPDATE_IMAGE_NOIMAGE ||
	    b->comp[FWUPDATE_COMP_KERNEL].name[0] == '\0') {
		snprintf(reason, reasonlen, "no image in bank");
		return -1;
	}
	for (i = 0; i < 3; i++) {
		if (b->comp[i].name[0] == '\0')
			continue;
		if (comp_verify(fw, bank, i, &b->comp[i], &errstr) == -1) {
			snprintf(reason, reasonlen, "%s failed to load: %s",
			    what[i], errstr);
			return -1;
		}
	}
	if (b->inject_fail > 0) {
		if (b->inject_fail != FWIMAGE_BOOT_FAIL_ALWAYS)
			b->inject_fail--;
		snprintf(reason, reasonlen, "%s", b->inject_reason[0] !=
		    '\0' ? b->inject_reason : "kernel panic (injected)");
		return -1;
	}
	if (b->boot_fail > 0) {
		if (b->boot_fail != FWIMAGE_BOOT_FAIL_ALWAYS)
			b->boot_fail--;
		snprintf(reason, reasonlen, "%s", b->boot_fail_reason[0] !=
		    '\0' ? b->boot_fail_reason : "kernel panic");
		return -1;
	}
	return 0;
}

static void
factory_blob(uint8_t *buf, size_t len, const char *what, const char *version)
{
	char seed[128];
	size_t n, off;

	n = (size_t)snprintf(seed, sizeof(seed), "factory %s %s\n", what,
	    version);
	for (off = 0; off < len; off += n)
		memcpy(buf + off, seed, len - off < n ? len - off : n);
}

/* A fresh device: bank A holds the factory image, bank B nothing. */
int
fwupdate_factory(struct fwupdate *fw, const char **errstr)
{
	static const size_t sizes[3] = { 6000, 700, 9000 };
	struct fwupdate_bank *b = &fw->banks[0];
	struct fwimage_component c;
	uint8_t *data;
	int i, k, rv = 0;

	memset(fw->banks, 0, sizeof(fw->banks));
	for (k = 0; k < FWUPDATE_BANKS && rv == 0; k++)
		rv = flash_sim_ubi_format(bank_part(fw, FWUPDATE_COMP_ROOTFS,
		    k), ROOTFS_VOLUME, errstr);
	for (i = 0; i < 3 && rv == 0; i++) {
		data = xmalloc(sizes[i]);
		factory_blob(data, sizes[i], comp_parts[i], fw->factory);
		memset(&c, 0, sizeof(c));
		strlcpy(c.name, comp_parts[i], sizeof(c.name));
		fwimage_component_hash(&c, data, sizes[i]);
		rv = comp_write(fw, 0, i, data, sizes[i], &c, errstr);
		b->comp[i] = c;
		free(data);
	}
	if (rv != 0)
		return -1;
	for (k = 0; k < FWUPDATE_BANKS; k++)
		snprintf(fw->banks[k].info.name, sizeof(fw->banks[k].info.name),
		    "bank-%c", 'A' + k);
	strlcpy(b->info.version, fw->factory, sizeof(b->info.version));
	b->info.status = FWUPDATE_IMAGE_ACTIVE;
	b->info.available = true;
	if (fwupdate_bank_save(fw, 0, errstr) == -1 ||
	    fwupdate_bank_save(fw, 1, errstr) == -1)
		return -1;
	fwupdate_bootenv_default(fw);
	if (fwupdate_bootenv_commit(fw, errstr) == -1 ||
	    fwupdate_bootenv_commit(fw, errstr) == -1)
		return -1;
	return 0;
}
