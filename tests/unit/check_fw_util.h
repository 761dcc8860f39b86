/*
 * check_fw_util.h: helpers shared by the firmware test suites: temporary
 * device directories, a deterministic key pair, and test images built with
 * fwimage_build().  Test code only.
 */
#ifndef TESTS_CHECK_FW_UTIL_H
#define TESTS_CHECK_FW_UTIL_H

#include <stddef.h>
#include <stdint.h>

#include "lib/fwimage.h"

#define FWT_MODEL	"BCM7255-STB"
#define FWT_HWREV	"B1"

struct fwt_image {
	const char	*model;		/* NULL: FWT_MODEL */
	const char	*version;	/* NULL: "2.0.0" */
	const char	*hwrev;		/* NULL: FWT_HWREV */
	size_t		 kernel_len;	/* 0: 5000 */
	size_t		 rootfs_len;	/* 0: 20000 */
	unsigned int	 boot_fail;
	unsigned int	 flags;		/* FWIMAGE_BUILD_* */
	enum fwimage_format format;
	int		 other_key;	/* sign with a key nobody trusts */
};

char	*fwt_tmpdir(void);
void	 fwt_rmdir(const char *dir);
void	 fwt_keys(uint8_t pk[FWIMAGE_PUBKEY_LEN], uint8_t sk[FWIMAGE_SECKEY_LEN],
	    int which);
void	 fwt_policy(struct fwimage_policy *pol);
/* Builds an image at path; aborts the test on failure. */
void	 fwt_image(const char *path, const struct fwt_image *opt);
void	*fwt_slurp(const char *path, size_t *lenp);
void	 fwt_spit(const char *path, const void *data, size_t len);
void	 fwt_copy(const char *from, const char *to);

#endif /* TESTS_CHECK_FW_UTIL_H */
