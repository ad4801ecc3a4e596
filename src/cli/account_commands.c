/* placeholder: account_commands.c — being written */
