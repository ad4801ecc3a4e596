/* placeholder: generate.c — being written */
