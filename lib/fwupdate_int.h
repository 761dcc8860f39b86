/*
 * fwupdate_int.h: the private side of lib/fwupdate shared by its files:
 * the updater object, persisted records (flat YAML mappings replaced
 * atomically), the boot environment and the flash map.  Not for use outside
 * lib/fwupdate*.c.
 */
#ifndef LIB_FWUPDATE_INT_H
#define LIB_FWUPDATE_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "lib/flash_sim.h"
#include "lib/fwimage.h"
#include "lib/fwupdate.h"

#define FWUPDATE_REC_KEYS_MAX	32
#define FWUPDATE_REC_KEY_MAX	32
#define FWUPDATE_REC_VAL_MAX	(FWUPDATE_BOOTLOG_MAX + 8)
#define FWUPDATE_DIR		"fw"
#define FWUPDATE_BOOTENV_MAGIC	0xbabefeedU
#define FWUPDATE_BOOTENV_VARS	16

/* A flat YAML mapping of scalars: one persisted record. */
struct fwupdate_rec {
	struct {
		char	key[FWUPDATE_REC_KEY_MAX];
		char	val[FWUPDATE_REC_VAL_MAX];
	}	kv[FWUPDATE_REC_KEYS_MAX];
	size_t	n;
};

/* The BOLT-style boot environment (FIRMWARE.md sections 4.3, 5.1). */
struct fwupdate_bootenv {
	uint32_t	write_count;
	int		copy;			/* copy it was read from */
	int		order[FWUPDATE_BANKS];	/* BOOT_ORDER, -1 = none */
	unsigned int	left[FWUPDATE_BANKS];	/* BOOT_x_LEFT */
	bool		upgrade_available;
	int		boot_image;		/* BootFirmwareImage */
	int		last_slot;
};

/* fwimage[bank] (section 3.1). */
struct fwupdate_bank {
	struct fwupdate_image_info	info;
	struct fwimage_component	comp[3];	/* kernel, dtb, rootfs */
	unsigned int			boot_fail;	/* failing boots left */
	char				boot_fail_reason[FWIMAGE_REASON_MAX];
	unsigned int			inject_fail;	/* injected, kept */
	char				inject_reason[FWIMAGE_REASON_MAX];
};
#define FWUPDATE_COMP_KERNEL	0
#define FWUPDATE_COMP_DTB	1
#define FWUPDATE_COMP_ROOTFS	2

/* The journal (section 3.1). */
struct fwupdate_journal {
	enum fwupdate_phase	phase;
	unsigned long		id;	/* names the TC record */
	char			command_key[FWUPDATE_COMMANDKEY_MAX + 1];
	char			url[FWUPDATE_URL_MAX + 1];
	uint64_t		file_size;
	bool			no_activate;
	time_t			start_time;
	int			target;
	int			old;
	char			old_version[FWUPDATE_VERSION_MAX];
	char			expected_version[FWUPDATE_VERSION_MAX];
	char			digest[2 * FWIMAGE_SHA256_LEN + 1];
};

struct fwupdate {
	char			*dir;		/* <devdir>/fw */
	char			*download;
	struct fwupdate_conf	 conf;
	char			 model[FWIMAGE_MODEL_MAX];
	char			 hwrev[FWIMAGE_NAME_MAX];
	char			 factory[FWUPDATE_VERSION_MAX];
	struct flash_sim	*nor;
	struct flash_sim	*nand;
	struct flash_sim_part	 parts[FLASH_SIM_PARTS_MAX];
	size_t			 nparts;
	struct fwupdate_bootenv	 env;
	struct fwupdate_bank	 banks[FWUPDATE_BANKS];
	struct fwupdate_journal	 jr;		/* phase NONE: no journal */
	int			 running;	/* -1 before fwupdate_boot */
	bool			 booted;
	bool			 trial;		/* HEALTH_INFORM pending */
	bool			 dead;		/* power cut: only free */
	enum fwupdate_cut	 cut;
};

/* fwupdate_store.c */
void	 fwupdate_rec_init(struct fwupdate_rec *r);
void	 fwupdate_rec_set(struct fwupdate_rec *r, const char *key, const char *val);
void	 fwupdate_rec_setu(struct fwupdate_rec *r, const char *key,
	    unsigned long long v);
const char *fwupdate_rec_get(const struct fwupdate_rec *r, const char *key);
unsigned long long fwupdate_rec_getu(const struct fwupdate_rec *r, const char *key,
	    unsigned long long max);
int	 fwupdate_rec_save(struct fwupdate *fw, const char *name,
	    const struct fwupdate_rec *r, const char **errstr);
int	 fwupdate_rec_load(struct fwupdate *fw, const char *name,
	    struct fwupdate_rec *r,
	    const char **errstr);
int	 fwupdate_rec_remove(struct fwupdate *fw, const char *name,
	    const char **errstr);
bool	 fwupdate_rec_exists(struct fwupdate *fw, const char *name);
int	 fwupdate_sync_dir(struct fwupdate *fw);
int	 fwupdate_journal_save(struct fwupdate *fw, const char **errstr);
int	 fwupdate_journal_load(struct fwupdate *fw, const char **errstr);
int	 fwupdate_journal_remove(struct fwupdate *fw, const char **errstr);
int	 fwupdate_bank_save(struct fwupdate *fw, int bank,
	    const char **errstr);
int	 fwupdate_bank_load(struct fwupdate *fw, int bank,
	    const char **errstr);
int	 fwupdate_tc_save(struct fwupdate *fw, unsigned long id,
	    const struct fwupdate_tc *tc, bool keep, const char **errstr);
unsigned long fwupdate_next_id(struct fwupdate *fw, const char **errstr);
int	 fwupdate_tc_oldest(struct fwupdate *fw, const char *key,
	    struct fwupdate_tc *tc, unsigned long *idp, char *name,
	    size_t namelen);

/* fwupdate_bootenv.c */
int	 fwupdate_bootenv_load(struct fwupdate *fw, const char **errstr);
int	 fwupdate_bootenv_commit(struct fwupdate *fw, const char **errstr);
void	 fwupdate_bootenv_default(struct fwupdate *fw);
void	 fwupdate_bootenv_drop(struct fwupdate *fw, int bank);
void	 fwupdate_bootenv_first(struct fwupdate *fw, int bank);

/* fwupdate_flash.c */
int	 fwupdate_flash_open(struct fwupdate *fw, const char **errstr);
const struct flash_sim_part *fwupdate_part(const struct fwupdate *fw,
	    const char *name);
int	 fwupdate_bank_install(struct fwupdate *fw, int bank,
	    const struct fwimage *img, int *fault, char *msg, size_t msglen);
int	 fwupdate_bank_check(struct fwupdate *fw, int bank, char *reason,
	    size_t reasonlen);
int	 fwupdate_factory(struct fwupdate *fw, const char **errstr);

/* fwupdate.c */
void	 fwupdate_cut_fired(struct fwupdate *fw);
int	 fwupdate_finish_failed(struct fwupdate *fw, int code, const char *msg,
	    enum fwupdate_image_status st, const char **errstr);

/* fwupdate_boot.c helpers used by fwupdate.c */
time_t	 fwupdate_now(const struct fwupdate *fw);
unsigned int fwupdate_attempts(const struct fwupdate *fw);
void	 fwupdate_log_append(struct fwupdate_bank *b, const char *reason);

#endif /* LIB_FWUPDATE_INT_H */
