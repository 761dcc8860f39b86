# man/local.mk: pages are added with dist_man_MANS +=
