/* placeholder: auth.c — being written */
