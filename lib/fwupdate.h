/*
 * fwupdate.h: the A/B firmware update state machine of one simulated CPE
 * (FIRMWARE.md sections 3, 5, 7 and 8).  It owns everything after the fetch:
 * the FileSize check, the image check (lib/fwimage), writing the inactive
 * bank on simulated flash (lib/flash_sim: NAND kernel and devtree, UBI
 * rootfs), arming the bootloader environment (two BOLT-style copies on NOR),
 * the trial boot with its attempt counter, commit or rollback, and the
 * TransferComplete record that results.  Every phase is journaled in the
 * device directory (temp file, fsync, rename, fsync of the directory) before
 * its side effect, so fwupdate_boot() after a simulated power cut derives the
 * same outcome from disk (section 3.5).
 *
 * It does not speak CWMP, fetch files or run timers: the simulator validates
 * the Download RPC, persists the pending download, fetches the file into
 * fwupdate_download_path() and sends the TransferComplete this module hands
 * back.  A power-loss injection stops the machine at the named point; the
 * caller then drops the object (fwupdate_free), re-opens it and calls
 * fwupdate_boot(), exactly as at a power-on.
 *
 * Typical use by the simulator:
 *	fwupdate_open(&fw, devdir, &conf, &errstr);
 *	fwupdate_boot(fw, &boot, &errstr);	at every simulated power-on
 *	... Download accepted, DelaySeconds passed, no session running ...
 *	fwupdate_begin(fw, &dl, &errstr);	journal DOWNLOADING, StartTime
 *	fetch into fwupdate_download_path(fw), at most fwupdate_max_file_size()
 *	transport error: fwupdate_fail(fw, &dl, 9016, "HTTP 404", &errstr);
 *	otherwise: if (fwupdate_apply(fw, &dl, &res) == 1) reboot when idle
 *	after each Inform: while fwupdate_pending_transfer_complete(fw, &tc)
 *	    send it; on TransferCompleteResponse fwupdate_ack_transfer_complete()
 */
#ifndef LIB_FWUPDATE_H
#define LIB_FWUPDATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "lib/flash_sim.h"
#include "lib/fwimage.h"

#define FWUPDATE_BANKS			2	/* A = 0, B = 1 */
#define FWUPDATE_ATTEMPTS_DEFAULT	3	/* BOOT_x_LEFT after arm */
#define FWUPDATE_ATTEMPTS_MAX		16
#define FWUPDATE_COMMANDKEY_MAX		32	/* CWMP CommandKey length */
#define FWUPDATE_FAULTSTRING_MAX	256	/* FIRMWARE.md section 6 */
#define FWUPDATE_VERSION_MAX		FWIMAGE_VERSION_MAX
#define FWUPDATE_BOOTLOG_MAX		512	/* BootFailureLog per bank */
#define FWUPDATE_TC_MAX			16	/* undelivered TC records */
#define FWUPDATE_STATE_MAX		(64 * 1024) /* one state file */
#define FWUPDATE_BOOT_LOOPS_MAX		64	/* boots in one power-on */
#define FWUPDATE_URL_MAX		256

/* Fault codes used in TransferComplete (FIRMWARE.md section 7, D2-D4). */
#define FWUPDATE_FAULT_NONE		0
#define FWUPDATE_FAULT_INTERNAL		9002
#define FWUPDATE_FAULT_TRANSFER		9010	/* flash, activation, size */
#define FWUPDATE_FAULT_AUTH_SERVER	9012
#define FWUPDATE_FAULT_CONTACT		9015
#define FWUPDATE_FAULT_ACCESS		9016
#define FWUPDATE_FAULT_INCOMPLETE	9017	/* short file, power cut */
#define FWUPDATE_FAULT_CORRUPT		9018
#define FWUPDATE_FAULT_AUTH_FILE	9019

/* Journal phases (section 3.3); NONE means no update in progress. */
enum fwupdate_phase {
	FWUPDATE_PHASE_NONE,
	FWUPDATE_PHASE_DOWNLOADING,
	FWUPDATE_PHASE_VERIFYING,
	FWUPDATE_PHASE_INSTALLING,
	FWUPDATE_PHASE_ARMED,
	FWUPDATE_PHASE_COMMITTED
};

/* Power-loss injection points (the rows of section 8). */
enum fwupdate_cut {
	FWUPDATE_CUT_NONE,
	FWUPDATE_CUT_DOWNLOAD,	/* mid-transfer: journal DOWNLOADING */
	FWUPDATE_CUT_VERIFY,	/* during the image check */
	FWUPDATE_CUT_KERNEL,	/* half-way through the kernel write */
	FWUPDATE_CUT_ROOTFS,	/* during the UBI rootfs volume update */
	FWUPDATE_CUT_ARM,	/* torn bootenv write while arming */
	FWUPDATE_CUT_ARMED,	/* after arm, before the reboot */
	FWUPDATE_CUT_TRIAL,	/* trial boot: LEFT decremented, no mark-good */
	FWUPDATE_CUT_COMMIT	/* after mark-good, before the TC record */
};

/* What "the trial boot passed" means (section 3.4, D6). */
enum fwupdate_health {
	FWUPDATE_HEALTH_AGENT,	/* the agent came up: fwupdate_boot commits */
	FWUPDATE_HEALTH_INFORM	/* the caller calls fwupdate_health_ok() */
};

/* TR-181 Device.DeviceInfo.FirmwareImage.{i}.Status. */
enum fwupdate_image_status {
	FWUPDATE_IMAGE_NOIMAGE,
	FWUPDATE_IMAGE_ACTIVE,
	FWUPDATE_IMAGE_DOWNLOADING,
	FWUPDATE_IMAGE_VALIDATING,
	FWUPDATE_IMAGE_AVAILABLE,
	FWUPDATE_IMAGE_DOWNLOADFAILED,
	FWUPDATE_IMAGE_VALIDATIONFAILED,
	FWUPDATE_IMAGE_INSTALLATIONFAILED,
	FWUPDATE_IMAGE_ACTIVATIONFAILED
};

/*
 * Flash geometry and partition sizes (section 4.2, scaled down by default
 * so tests stay fast).  Zero fields take the FWUPDATE_LAYOUT_* defaults.
 */
#define FWUPDATE_NOR_BLOCK_DEFAULT	(64 * 1024)
#define FWUPDATE_NAND_PAGE_DEFAULT	2048
#define FWUPDATE_NAND_BLOCK_DEFAULT	(128 * 1024)
#define FWUPDATE_KERNEL_BLOCKS_DEFAULT	16	/* per bank, incl. spares */
#define FWUPDATE_DTB_BLOCKS_DEFAULT	2
#define FWUPDATE_RG_BLOCKS_DEFAULT	40	/* UBI device per bank */
#define FWUPDATE_SPARES_DEFAULT		2	/* bad-block allowance */
struct fwupdate_layout {
	uint32_t	nor_block;
	uint32_t	nand_page;
	uint32_t	nand_block;
	uint32_t	kernel_blocks;
	uint32_t	dtb_blocks;
	uint32_t	rg_blocks;
	uint32_t	spares;		/* blocks per partition kept for skips */
};

struct fwupdate_conf {
	const char		*model;		/* checked against the image */
	const char		*hw_revision;	/* NULL: not checked */
	uint8_t			 keys[FWIMAGE_KEYS_MAX][FWIMAGE_PUBKEY_LEN];
	size_t			 nkeys;
	const char		*factory_version; /* bank A on a fresh device */
	unsigned int		 attempts;	/* 0: FWUPDATE_ATTEMPTS_DEFAULT */
	bool			 refuse_downgrade; /* D10: 9010 if not newer */
	/*
	 * Skip fsync(2) of records and flash files: for fleets on tmpfs or
	 * throw-away disks.  Injected power cuts do not depend on it; only a
	 * real crash of the host does.
	 */
	bool			 nosync;
	enum fwupdate_health	 health;
	struct fwupdate_layout	 layout;
	/* The simulator's clock (virtual time, section 10); NULL: time(). */
	time_t			(*now)(void *arg);
	void			*now_arg;
};

/* One firmware Download, as the simulator accepted it. */
struct fwupdate_download {
	const char	*command_key;	/* <= FWUPDATE_COMMANDKEY_MAX */
	const char	*url;		/* for the record; never credentials */
	uint64_t	 file_size;	/* 0: unknown */
	bool		 no_activate;	/* FileType 6: install, do not arm */
};

/* The record behind one TransferComplete. */
struct fwupdate_tc {
	char		command_key[FWUPDATE_COMMANDKEY_MAX + 1];
	int		fault_code;	/* 0 on success */
	char		fault_string[FWUPDATE_FAULTSTRING_MAX + 1];
	time_t		start_time;
	time_t		complete_time;
	char		old_version[FWUPDATE_VERSION_MAX];
};

struct fwupdate_result {
	int	fault_code;		/* 0: installed (and armed) */
	char	fault_string[FWUPDATE_FAULTSTRING_MAX + 1];
	bool	reboot;			/* reboot once no session runs */
	bool	power_cut;		/* injected cut: free, re-open, boot */
};

struct fwupdate_boot_result {
	int		bank;		/* running bank */
	char		version[FWUPDATE_VERSION_MAX]; /* SoftwareVersion */
	bool		version_changed; /* raise 4 VALUE CHANGE */
	bool		trial;		/* HEALTH_INFORM: awaiting health_ok */
	unsigned int	boots;		/* boot attempts in this power-on */
	bool		tc_pending;	/* raise 7 TRANSFER COMPLETE etc. */
	struct fwupdate_tc tc;		/* the oldest pending TC */
	bool		power_cut;	/* injected cut: free, re-open, boot */
};

/* TR-181 Device.DeviceInfo.FirmwareImage.{bank + 1}. */
struct fwupdate_image_info {
	char				name[FWIMAGE_NAME_MAX];
	char				version[FWUPDATE_VERSION_MAX];
	enum fwupdate_image_status	status;
	bool				available;
	char				boot_failure_log[FWUPDATE_BOOTLOG_MAX];
};

struct fwupdate;

/*
 * Opens the firmware state under devdir (creating flash files, a factory
 * image in bank A and the boot environment on first use).  Call
 * fwupdate_boot() next.
 */
int	fwupdate_open(struct fwupdate **fwp, const char *devdir,
	    const struct fwupdate_conf *conf, const char **errstr);
void	fwupdate_free(struct fwupdate *fw);

/*
 * Simulated power-on: runs the bootloader (BOOT_ORDER, BOOT_x_LEFT), boots
 * the chosen bank, retries failed trial boots, then commits or rolls back
 * and decides the pending TransferComplete from the journal (section 3.5).
 * Idempotent across power cuts.
 */
int	fwupdate_boot(struct fwupdate *fw, struct fwupdate_boot_result *br,
	    const char **errstr);
/* HEALTH_INFORM: the first Inform succeeded; commit the trial bank. */
int	fwupdate_health_ok(struct fwupdate *fw, const char **errstr);

/* Where the caller writes the downloaded file, and its ceiling. */
const char *fwupdate_download_path(const struct fwupdate *fw);
uint64_t fwupdate_max_file_size(const struct fwupdate *fw);

/* The transfer starts: journal DOWNLOADING with StartTime = now. */
int	fwupdate_begin(struct fwupdate *fw, const struct fwupdate_download *dl,
	    const char **errstr);
/* The transfer failed (9012, 9015, 9016, 9017, 9010): record the TC. */
int	fwupdate_fail(struct fwupdate *fw, const struct fwupdate_download *dl,
	    int fault_code, const char *fault_string, const char **errstr);
/*
 * The file is in fwupdate_download_path(): check the size, verify, write
 * the inactive bank and arm it.  Returns 1 if the device must reboot, 0 if
 * not (res says why: a failure already recorded as a TC, FileType 6, or a
 * power cut), -1 on an internal error (also recorded as a 9002 TC).
 */
int	fwupdate_apply(struct fwupdate *fw, const struct fwupdate_download *dl,
	    struct fwupdate_result *res);

/* The oldest undelivered TransferComplete; false if none. */
bool	fwupdate_pending_transfer_complete(struct fwupdate *fw,
	    struct fwupdate_tc *tc);
/* TransferCompleteResponse received: drop that record (and the journal). */
int	fwupdate_ack_transfer_complete(struct fwupdate *fw,
	    const char *command_key, const char **errstr);

/* State for the data model and the state dump. */
enum fwupdate_phase fwupdate_phase(const struct fwupdate *fw);
int	fwupdate_active_bank(const struct fwupdate *fw);
int	fwupdate_boot_bank(const struct fwupdate *fw);	/* BootFirmwareImage */
const char *fwupdate_version(const struct fwupdate *fw);
int	fwupdate_image_info(const struct fwupdate *fw, int bank,
	    struct fwupdate_image_info *info);
/* Sets BootFirmwareImage; 9007 in *fault if that bank is not Available. */
int	fwupdate_set_boot_bank(struct fwupdate *fw, int bank, int *fault,
	    const char **errstr);
const char *fwupdate_phase_name(enum fwupdate_phase phase);
const char *fwupdate_image_status_name(enum fwupdate_image_status st);

/*
 * Fault injection (section 11, deterministic).  set_cut arms one power cut
 * at the named point; it is kept in the device directory until it fires
 * once, so a cut aimed at a later power-on survives the re-open before it.
 * inject_boot_failures makes the next n boots of the given bank fail with
 * reason, whatever image is installed there later (the boot_fail flag in
 * an image's manifest does the same from the image side).  inject_flash
 * marks a fault on one block of a partition ("kernel1", "rg0", "devtree1",
 * ...; block relative to the partition, page faults on its first page):
 * see flash_sim.h.
 */
int	fwupdate_cut_from_name(const char *name, enum fwupdate_cut *cut);
const char *fwupdate_cut_name(enum fwupdate_cut cut);
void	fwupdate_set_cut(struct fwupdate *fw, enum fwupdate_cut cut);
int	fwupdate_inject_boot_failures(struct fwupdate *fw, int bank,
	    unsigned int n, const char *reason, const char **errstr);
int	fwupdate_inject_flash(struct fwupdate *fw, const char *partition,
	    uint32_t block, enum flash_sim_fault fault, const char **errstr);

#endif /* LIB_FWUPDATE_H */
