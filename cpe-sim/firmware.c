/*
 * firmware.c: the seam between the simulated CWMP agent and the A/B
 * firmware engine (lib/fwupdate, FIRMWARE.md).  The agent fetches the file
 * (transfer.c); the engine verifies it, writes the inactive bank, arms the
 * bootloader, runs the trial boot at the next power-on and decides the
 * TransferComplete.  This file opens the engine per device, passes the
 * command-line fault injection through (power cut at a named phase, bad
 * flash blocks, failing boots), mirrors SoftwareVersion and the TR-181
 * FirmwareImage table into the tree, and relays TC records.  Models
 * without a "firmware" section have no engine: firmware Downloads get 9003.
 */
#include "config.h"

#include <sys/stat.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/fwupdate.h"
#include "lib/log.h"
#include "lib/xmalloc.h"

#include "cpe-sim/cpesim.h"

#define FIRMWARE_CUTS_MAX	8	/* power cuts survived in one boot */
#define FIRMWARE_DIR		"fw"	/* lib/fwupdate's, in the device's */

bool
firmware_injected(struct device *dev)
{
	unsigned int	pct = dev->sim->conf.inject.percent;

	return ((dev->index * 2654435761U) >> 8) % 100 < pct;
}

/* Passes the command line's injections to the engine, once per run. */
static void
firmware_inject(struct device *dev)
{
	struct sim_inject	*in = &dev->sim->conf.inject;
	enum fwupdate_cut	 cut;
	enum flash_sim_fault	 fault = FLASH_SIM_FAULT_BAD;
	const char		*errstr;
	char			 part[32], fname[32] = "bad";
	unsigned int		 block;

	if (dev->fw_injected || !firmware_injected(dev))
		return;
	dev->fw_injected = true;
	if (in->power_cut != NULL &&
	    fwupdate_cut_from_name(in->power_cut, &cut) == 0)
		fwupdate_set_cut(dev->fw, cut);
	if (in->bad_block != NULL &&
	    sscanf(in->bad_block, "%31[^:]:%u:%31s", part, &block,
	    fname) >= 2 && flash_sim_fault_from_name(fname, &fault) == 0 &&
	    fwupdate_inject_flash(dev->fw, part, block, fault, &errstr) == -1)
		log_warnx("%s: inject %s: %s", dev->serial, in->bad_block,
		    errstr);
}

/*
 * Boot failures are injected into the bank just installed: installing an
 * image rewrites its bank record.
 */
static void
firmware_inject_boot(struct device *dev)
{
	struct sim_inject	*in = &dev->sim->conf.inject;
	const char		*errstr;
	int			 target;

	if (in->boot_failures == 0 || !firmware_injected(dev))
		return;
	target = 1 - fwupdate_active_bank(dev->fw);
	if (fwupdate_inject_boot_failures(dev->fw, target, in->boot_failures,
	    "kernel panic (injected)", &errstr) == -1)
		log_warnx("%s: inject boot failures: %s", dev->serial, errstr);
}

static int
firmware_open_engine(struct device *dev)
{
	const struct model	*m = dev->model;
	struct fwupdate_conf	 conf;
	const char		*errstr;

	memset(&conf, 0, sizeof(conf));
	conf.model = m->fw_model != NULL ? m->fw_model : m->name;
	conf.hw_revision = m->fw_hw_revision;
	conf.factory_version = m->software_version != NULL ?
	    m->software_version : "1.0";
	conf.health = FWUPDATE_HEALTH_AGENT;
	if (dev->sim->conf.fw_key != NULL) {
		if (fwimage_key_load(dev->sim->conf.fw_key, conf.keys[0],
		    FWIMAGE_PUBKEY_LEN, &errstr) == -1) {
			log_warnx("%s: %s", dev->sim->conf.fw_key, errstr);
			return -1;
		}
		conf.nkeys = 1;
	}
	if (fwupdate_open(&dev->fw, dev->dir, &conf, &errstr) == -1) {
		log_warnx("%s: firmware: %s", dev->serial, errstr);
		dev->fw = NULL;
		return -1;
	}
	firmware_inject(dev);
	return 0;
}

static int	firmware_power_on(struct device *);

/*
 * Opens the engine on demand and runs its power-on (the bootloader and
 * the outcome of an update in progress).  The engine holds open flash
 * files, so a fleet keeps it open only while an update is under way.
 */
int
firmware_open(struct device *dev)
{
	if (!dev->model->has_firmware || dev->fw != NULL)
		return 0;
	if (firmware_open_engine(dev) == -1)
		return -1;
	return firmware_power_on(dev);
}

/* Closes an engine that has nothing left to do. */
static void
firmware_idle_close(struct device *dev)
{
	if (dev->fw == NULL || dev->xfer != NULL ||
	    fwupdate_phase(dev->fw) != FWUPDATE_PHASE_NONE ||
	    firmware_pending_tc(dev, NULL) == 0)
		return;
	firmware_close(dev);
}

void
firmware_close(struct device *dev)
{
	fwupdate_free(dev->fw);
	dev->fw = NULL;
}

static void
firmware_set_role(struct device *dev, enum model_role role, unsigned int i,
    const char *value)
{
	const char	*name = devtree_role_name(&dev->tree, role, i);

	if (name != NULL)
		(void)devtree_set(&dev->tree, name, value);
}

void
firmware_sync_tree(struct device *dev)
{
	struct fwupdate_image_info	 info;
	char				 ref[MODEL_NAME_MAX + 1];
	int				 b;

	if (dev->fw == NULL)
		return;
	for (b = 0; b < FWUPDATE_BANKS; b++) {
		if (fwupdate_image_info(dev->fw, b, &info) == -1)
			continue;
		firmware_set_role(dev, MODEL_ROLE_FW_NAME, b + 1, info.name);
		firmware_set_role(dev, MODEL_ROLE_FW_VERSION, b + 1,
		    info.version);
		firmware_set_role(dev, MODEL_ROLE_FW_AVAILABLE, b + 1,
		    info.available ? "1" : "0");
		firmware_set_role(dev, MODEL_ROLE_FW_STATUS, b + 1,
		    fwupdate_image_status_name(info.status));
		firmware_set_role(dev, MODEL_ROLE_FW_BOOTLOG, b + 1,
		    info.boot_failure_log);
	}
	snprintf(ref, sizeof(ref), "%sDeviceInfo.FirmwareImage.%d",
	    dev->model->root, fwupdate_active_bank(dev->fw) + 1);
	firmware_set_role(dev, MODEL_ROLE_ACTIVE_FW, 0, ref);
	snprintf(ref, sizeof(ref), "%sDeviceInfo.FirmwareImage.%d",
	    dev->model->root, fwupdate_boot_bank(dev->fw) + 1);
	firmware_set_role(dev, MODEL_ROLE_BOOT_FW, 0, ref);
}

static void
firmware_version(struct device *dev, const char *version)
{
	char		 name[MODEL_NAME_MAX + 1];
	const char	*old;

	snprintf(name, sizeof(name), "%sDeviceInfo.SoftwareVersion",
	    dev->model->root);
	old = devtree_value(&dev->tree, name);
	if (version[0] == '\0' || (old != NULL && strcmp(old, version) == 0))
		return;
	(void)devtree_set(&dev->tree, name, version);
	/* SoftwareVersion is forced active notify (FIRMWARE.md 1.4). */
	if (dev->bootstrapped)
		device_value_changed(dev, name, false);
}

static int
firmware_power_on(struct device *dev)
{
	struct fwupdate_boot_result	 br;
	const char			*errstr;
	int				 cuts;

	for (cuts = 0; cuts < FIRMWARE_CUTS_MAX; cuts++) {
		memset(&br, 0, sizeof(br));
		if (fwupdate_boot(dev->fw, &br, &errstr) == -1) {
			log_warnx("%s: firmware boot: %s", dev->serial,
			    errstr);
			return -1;
		}
		if (!br.power_cut)
			break;
		log_info("%s: power cut during boot (injected)", dev->serial);
		firmware_close(dev);
		if (firmware_open_engine(dev) == -1)
			return -1;
	}
	firmware_version(dev, br.version);
	if (br.tc_pending) {
		device_add_event(dev, "7 TRANSFER COMPLETE", "");
		device_add_event(dev, "M Download", br.tc.command_key);
	}
	firmware_sync_tree(dev);
	return 0;
}

/* At device power-on: only devices that ever had the engine run it. */
int
firmware_boot(struct device *dev)
{
	struct stat	 st;
	char		*path;
	int		 rc;

	if (!dev->model->has_firmware)
		return 0;
	xasprintf(&path, "%s/%s", dev->dir, FIRMWARE_DIR);
	rc = stat(path, &st);
	free(path);
	if (rc == -1)
		return 0;	/* factory flash, never updated */
	if (firmware_open(dev) == -1)
		return -1;
	firmware_idle_close(dev);
	return 0;
}

/* "Device.DeviceInfo.FirmwareImage.2" -> bank 1, or -1. */
static int
firmware_bank_of(struct device *dev, const char *value)
{
	char		 pfx[MODEL_NAME_MAX + 1];
	const char	*e;
	char		 num[8];
	size_t		 n;
	long long	 i;

	snprintf(pfx, sizeof(pfx), "%sDeviceInfo.FirmwareImage.",
	    dev->model->root);
	if (value == NULL || strncmp(value, pfx, strlen(pfx)) != 0)
		return -1;
	value += strlen(pfx);
	n = strcspn(value, ".");
	if (n == 0 || n >= sizeof(num) || (value[n] == '.' &&
	    value[n + 1] != '\0'))
		return -1;
	memcpy(num, value, n);
	num[n] = '\0';
	i = strtonum(num, 1, FWUPDATE_BANKS, &e);
	return e != NULL ? -1 : (int)i - 1;
}

int
firmware_check_boot_image(struct device *dev, const char *value)
{
	struct fwupdate_image_info	info;
	int				bank;

	if (!dev->model->has_firmware)
		return 0;
	if (firmware_open(dev) == -1 || dev->fw == NULL)
		return -1;
	bank = firmware_bank_of(dev, value);
	if (bank == -1 || fwupdate_image_info(dev->fw, bank, &info) == -1 ||
	    !info.available)
		return -1;
	return 0;
}

int
firmware_set_boot_image(struct device *dev, const char *value)
{
	const char	*errstr;
	int		 bank, fault = 0;

	if (firmware_open(dev) == -1 || dev->fw == NULL ||
	    (bank = firmware_bank_of(dev, value)) == -1)
		return -1;
	if (fwupdate_set_boot_bank(dev->fw, bank, &fault, &errstr) == -1) {
		log_warnx("%s: BootFirmwareImage: %s", dev->serial, errstr);
		return -1;
	}
	firmware_sync_tree(dev);
	return 0;
}

static void
firmware_download(const struct sim_transfer *t, struct fwupdate_download *dl)
{
	memset(dl, 0, sizeof(*dl));
	dl->command_key = t->command_key;
	dl->url = t->url;
	dl->file_size = t->file_size;
	dl->no_activate = strncmp(t->file_type, "6 ", 2) == 0;
}

int
firmware_begin(struct device *dev, struct sim_transfer *t, uint64_t *max)
{
	struct fwupdate_download	 dl;
	const char			*errstr;
	uint64_t			 slot;
	int				 fd;

	if (firmware_open(dev) == -1 || dev->fw == NULL)
		return -1;
	firmware_download(t, &dl);
	if (fwupdate_begin(dev->fw, &dl, &errstr) == -1) {
		log_warnx("%s: firmware: %s", dev->serial, errstr);
		return -1;
	}
	firmware_sync_tree(dev);
	fd = open(fwupdate_download_path(dev->fw),
	    O_WRONLY | O_CREAT | O_TRUNC, 0600);
	slot = fwupdate_max_file_size(dev->fw);
	*max = t->file_size > 0 && t->file_size < slot ? t->file_size : slot;
	return fd;
}

void
firmware_fetched(struct device *dev, struct sim_transfer *t, int code,
    const char *str)
{
	struct fwupdate_download	 dl;
	struct fwupdate_result		 res;
	const char			*errstr;
	int				 rc;

	if (dev->fw == NULL)
		return;
	firmware_download(t, &dl);
	memset(&res, 0, sizeof(res));
	if (code != 0) {
		if (fwupdate_fail(dev->fw, &dl, code, str, &errstr) == -1)
			log_warnx("%s: firmware: %s", dev->serial, errstr);
		rc = 0;
	} else
		rc = fwupdate_apply(dev->fw, &dl, &res);
	firmware_sync_tree(dev);
	if (res.power_cut) {
		log_info("%s: power cut (injected)", dev->serial);
		device_reboot(dev, false);
		return;
	}
	if (rc == 1) {
		log_info("%s: firmware %s installed, rebooting", dev->serial,
		    t->command_key);
		firmware_inject_boot(dev);
		dev->reboot_pending = true;
		if (dev->session == NULL)
			device_reboot(dev, false);
		return;
	}
	if (res.fault_code != 0)
		log_info("%s: firmware %s: %d %s", dev->serial,
		    t->command_key, res.fault_code, res.fault_string);
	device_add_event(dev, "7 TRANSFER COMPLETE", "");
	device_add_event(dev, "M Download", t->command_key);
}

int
firmware_pending_tc(struct device *dev, struct sim_tc *tc)
{
	struct fwupdate_tc	ft;

	if (dev->fw == NULL || !fwupdate_pending_transfer_complete(dev->fw,
	    &ft))
		return -1;
	if (tc != NULL) {
		memset(tc, 0, sizeof(*tc));
		strlcpy(tc->command_key, ft.command_key,
		    sizeof(tc->command_key));
		tc->fault_code = ft.fault_code;
		strlcpy(tc->fault_string, ft.fault_string,
		    sizeof(tc->fault_string));
		tc->start_time = ft.start_time;
		tc->complete_time = ft.complete_time;
		tc->from_fw = true;
	}
	return 0;
}

int
firmware_ack_tc(struct device *dev, const char *key)
{
	struct fwupdate_tc	 ft;
	const char		*errstr;

	if (dev->fw == NULL || !fwupdate_pending_transfer_complete(dev->fw,
	    &ft) || strcmp(ft.command_key, key) != 0)
		return -1;
	if (fwupdate_ack_transfer_complete(dev->fw, key, &errstr) == -1) {
		log_warnx("%s: firmware: %s", dev->serial, errstr);
		return -1;
	}
	if (ft.fault_code == 0) {
		dev->sim->stats.fw_ok++;
		dev->fw_result = DEV_RESULT_OK;
	} else {
		dev->sim->stats.fw_failed++;
		dev->fw_result = DEV_RESULT_FAILED;
	}
	fleet_count_fault(dev->sim, ft.fault_code);
	snprintf(dev->fw_last_fault, sizeof(dev->fw_last_fault), "%d",
	    ft.fault_code);
	firmware_sync_tree(dev);
	firmware_idle_close(dev);
	return 0;
}
