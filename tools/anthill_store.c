/*
 * anthill_store.c: anthill-store(1), the device store tool: list keys,
 * show a record, check every record, delete one, and convert a store from
 * one back end to the other (yaml:DIR <-> gdbm:FILE).  It works on stores
 * no daemon holds open for writing (GDBM is single-process); it does not
 * edit records.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/device_store.h"
#include "lib/version.h"

static void __attribute__((noreturn))
usage(void)
{
	fprintf(stderr,
	    "usage: anthill-store [-V]\n"
	    "       anthill-store -s store list | check\n"
	    "       anthill-store -s store show | delete key\n"
	    "       anthill-store convert --from store --to store\n"
	    "store is yaml:DIRECTORY or gdbm:FILE\n");
	exit(2);
}

static struct device_store *
open_or_die(const char *spec, int flags)
{
	struct device_store	*st;
	char			 err[DEVICE_STORE_ERR_MAX];

	if (spec == NULL)
		usage();
	if ((st = device_store_open_spec(spec, flags, err, sizeof(err))) ==
	    NULL) {
		fprintf(stderr, "anthill-store: %s\n", err);
		exit(1);
	}
	return st;
}

static int
cmd_list(struct device_store *st)
{
	char	**keys, err[DEVICE_STORE_ERR_MAX];
	size_t	  n, i;

	if (device_store_list(st, &keys, &n, err, sizeof(err)) == -1) {
		fprintf(stderr, "anthill-store: %s\n", err);
		return 1;
	}
	for (i = 0; i < n; i++)
		printf("%s\n", keys[i]);
	device_store_keys_free(keys);
	return 0;
}

static int
cmd_show(struct device_store *st, const char *key)
{
	struct device_record	*rec;
	char			 err[DEVICE_STORE_ERR_MAX], *text;
	size_t			 len;

	if (device_store_get(st, key, &rec, err, sizeof(err)) == -1) {
		fprintf(stderr, "anthill-store: %s\n", err);
		return 1;
	}
	text = device_record_to_yaml(rec, &len);
	device_record_free(rec);
	if (text == NULL || fwrite(text, 1, len, stdout) != len) {
		free(text);
		return 1;
	}
	free(text);
	return 0;
}

static int
cmd_check(struct device_store *st)
{
	struct device_record	*rec;
	char			**keys, err[DEVICE_STORE_ERR_MAX];
	size_t			  n, i, bad = 0;

	if (device_store_list(st, &keys, &n, err, sizeof(err)) == -1) {
		fprintf(stderr, "anthill-store: %s\n", err);
		return 1;
	}
	for (i = 0; i < n; i++) {
		if (device_store_get(st, keys[i], &rec, err, sizeof(err)) ==
		    -1) {
			fprintf(stderr, "anthill-store: %s\n", err);
			bad++;
			continue;
		}
		device_record_free(rec);
	}
	device_store_keys_free(keys);
	printf("%zu records, %zu bad\n", n, bad);
	return bad == 0 ? 0 : 1;
}

static int
cmd_delete(struct device_store *st, const char *key)
{
	char	err[DEVICE_STORE_ERR_MAX];

	if (device_store_delete(st, key, err, sizeof(err)) == -1) {
		fprintf(stderr, "anthill-store: %s\n", err);
		return 1;
	}
	return 0;
}

static int
cmd_convert(int argc, char *argv[])
{
	static const struct option	 longopts[] = {
		{ "from", required_argument, NULL, 'f' },
		{ "to", required_argument, NULL, 't' },
		{ NULL, 0, NULL, 0 }
	};
	struct device_store		*from, *to;
	const char			*fspec = NULL, *tspec = NULL;
	char				 err[DEVICE_STORE_ERR_MAX];
	size_t				 copied, bad;
	int				 ch, rv;

	optind = 1;
	while ((ch = getopt_long(argc, argv, "f:t:", longopts, NULL)) != -1) {
		if (ch == 'f')
			fspec = optarg;
		else if (ch == 't')
			tspec = optarg;
		else
			usage();
	}
	if (optind != argc || fspec == NULL || tspec == NULL)
		usage();
	from = open_or_die(fspec, DEVICE_STORE_RDONLY);
	to = open_or_die(tspec, DEVICE_STORE_CREATE);
	rv = device_store_copy(from, to, &copied, &bad, err, sizeof(err));
	if (err[0] != '\0')
		fprintf(stderr, "anthill-store: %s\n", err);
	printf("%zu records copied, %zu bad records skipped\n", copied, bad);
	device_store_close(from);
	device_store_close(to);
	return rv == 0 && bad == 0 ? 0 : 1;
}

static int
run(struct device_store *st, int argc, char *argv[])
{
	const char	*cmd = argv[0];

	if (strcmp(cmd, "list") == 0 && argc == 1)
		return cmd_list(st);
	if (strcmp(cmd, "check") == 0 && argc == 1)
		return cmd_check(st);
	if (strcmp(cmd, "show") == 0 && argc == 2)
		return cmd_show(st, argv[1]);
	if (strcmp(cmd, "delete") == 0 && argc == 2)
		return cmd_delete(st, argv[1]);
	usage();
}

int
main(int argc, char *argv[])
{
	struct device_store	*st;
	const char		*spec = NULL;
	int			 ch, rv;

	if (argc > 1 && strcmp(argv[1], "convert") == 0)
		return cmd_convert(argc - 1, argv + 1);
	while ((ch = getopt(argc, argv, "+s:V")) != -1) {
		switch (ch) {
		case 's':
			spec = optarg;
			break;
		case 'V':
			printf("anthill-store %s\n", ANTHILL_VERSION);
			return 0;
		default:
			usage();
		}
	}
	argc -= optind;
	argv += optind;
	if (argc < 1)
		usage();
	st = open_or_die(spec, strcmp(argv[0], "delete") == 0 ? 0 :
	    DEVICE_STORE_RDONLY);
	rv = run(st, argc, argv);
	device_store_close(st);
	return rv;
}
