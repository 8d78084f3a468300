// pop3
