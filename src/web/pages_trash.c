/* placeholder: pages_trash.c — being written */
