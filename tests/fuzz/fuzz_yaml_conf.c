/*
 * fuzz_yaml_conf.c: libFuzzer harness for the YAML configuration loader
 * (yaml_doc parsing plus yaml_conf tables with every option type), and a
 * dump of what loaded.  It checks only that nothing crashes or leaks.
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/yaml_conf.h"

struct fz_cred {
	char	*user;
	char	*password;
	int	 level;
};

struct fz_sect {
	char			*host;
	size_t			 size;
	struct yaml_conf_strlist names;
};

struct fz_conf {
	char			*name;
	int			 port;
	int64_t			 big;
	bool			 flag;
	int64_t			 timeout;
	size_t			 maxbody;
	int			 mode;
	struct yaml_conf_strlist tags;
	struct fz_sect		 http;
	struct yaml_conf_list	 creds;
};

static const struct yaml_conf_enum fz_modes[] = {
	{ "a", 1 }, { "b", 2 }, { NULL, 0 }
};

static const struct yaml_conf_opt fz_cred_table[] = {
	YAML_CONF_OPTF("user", YAML_CONF_STRING, struct fz_cred, user, NULL,
	    0, 64, YAML_CONF_REQUIRED, "user"),
	YAML_CONF_OPTF("password", YAML_CONF_STRING, struct fz_cred, password,
	    NULL, 0, 0, YAML_CONF_SECRET, "password"),
	YAML_CONF_OPT("level", YAML_CONF_INT, struct fz_cred, level, "1", 0,
	    9, "level"),
	YAML_CONF_END
};

static const struct yaml_conf_opt fz_sect_table[] = {
	YAML_CONF_OPT("host", YAML_CONF_STRING, struct fz_sect, host, "h", 0,
	    0, "host"),
	YAML_CONF_OPT("size", YAML_CONF_SIZE, struct fz_sect, size, "1k", 0,
	    0, "size"),
	YAML_CONF_OPT("names", YAML_CONF_STRLIST, struct fz_sect, names, NULL,
	    0, 0, "names"),
	YAML_CONF_END
};

static const struct yaml_conf_opt fz_table[] = {
	YAML_CONF_OPT("name", YAML_CONF_STRING, struct fz_conf, name, "x", 1,
	    16, "name"),
	YAML_CONF_OPT("port", YAML_CONF_INT, struct fz_conf, port, "7547", 0,
	    65535, "port"),
	YAML_CONF_OPT("big", YAML_CONF_INT64, struct fz_conf, big, "0", 0, 0,
	    "big"),
	YAML_CONF_OPT("flag", YAML_CONF_BOOL, struct fz_conf, flag, "no", 0,
	    0, "flag"),
	YAML_CONF_OPT("timeout", YAML_CONF_DURATION, struct fz_conf, timeout,
	    "30s", 0, 0, "timeout"),
	YAML_CONF_OPT("max-body", YAML_CONF_SIZE, struct fz_conf, maxbody,
	    "64k", 1024, 1 << 30, "max"),
	YAML_CONF_ENUMOPT("mode", struct fz_conf, mode, "a", fz_modes, "mode"),
	YAML_CONF_OPT("tags", YAML_CONF_STRLIST, struct fz_conf, tags, "[a]",
	    0, 8, "tags"),
	YAML_CONF_SECTIONOF("http", struct fz_conf, http, fz_sect_table,
	    "http"),
	YAML_CONF_LISTOF("credentials", struct fz_conf, creds, fz_cred_table,
	    struct fz_cred, 16, "creds"),
	YAML_CONF_END
};

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct fz_conf	 c;
	char		 err[YAML_CONF_ERR_MAX];
	FILE		*fp;

	memset(&c, 0, sizeof(c));
	if (yaml_conf_load_string(fz_table, &c, "fuzz", (const char *)data,
	    len, err, sizeof(err)) == 0 && (fp = fopen("/dev/null", "w")) !=
	    NULL) {
		yaml_conf_dump(fz_table, &c, fp);
		fclose(fp);
	}
	yaml_conf_free(fz_table, &c);
	return 0;
}
