/* placeholder: pages_accounts.c — being written */
