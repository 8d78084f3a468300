// mime
