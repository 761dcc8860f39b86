/*
 * fuzz_record.c: libFuzzer harness for the device record reader
 * (device_record_from_yaml(), lib/device_record_yaml.c) and the contact
 * stamp (device_stamp_parse()): the text of a stored record as found on
 * disk or in GDBM, written by anyone.  A record that loads must serialise
 * again and load back to the same text (the store rewrites what it read),
 * and a stamp that parses must format back to the same line.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/device_store.h"
#include "lib/device_store_int.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
fuzz_record_stamp(const char *text, size_t len)
{
	char	line[DEVICE_STAMP_LEN + 1];
	int64_t	t;

	if (!device_stamp_parse(text, len, &t))
		return;
	if (t < 0)
		abort();
	device_stamp_format(t, line);
	/* Leading zeros parse too; the value must survive. */
	if (!device_stamp_parse(line, DEVICE_STAMP_LEN, &t))
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct device_record	*rec, *again;
	char			 err[DEVICE_STORE_ERR_MAX];
	char			*text, *y1, *y2;
	size_t			 l1, l2;

	text = malloc(size + 1);
	memcpy(text, data, size);
	text[size] = '\0';
	fuzz_record_stamp(text, size);
	rec = device_record_from_yaml("fuzz", text, size, err, sizeof(err));
	free(text);
	if (rec == NULL)
		return 0;
	if ((y1 = device_record_to_yaml(rec, &l1)) == NULL)
		abort();
	again = device_record_from_yaml("again", y1, l1, err, sizeof(err));
	if (again == NULL)
		abort();
	if ((y2 = device_record_to_yaml(again, &l2)) == NULL)
		abort();
	if (l1 != l2 || memcmp(y1, y2, l1) != 0)
		abort();
	free(y1);
	free(y2);
	device_record_free(again);
	device_record_free(rec);
	return 0;
}
