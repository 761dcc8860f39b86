/*
 * version.h: the one place the programs take their version string from.
 * It does not define anything else.
 */
#ifndef LIB_VERSION_H
#define LIB_VERSION_H

#include "config.h"

#define ANTHILL_VERSION PACKAGE_VERSION

#endif /* LIB_VERSION_H */
