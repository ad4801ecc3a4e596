/* placeholder: access.c — being written */
