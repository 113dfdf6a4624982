// `server-only` under tests: the server code runs here as on the server, where the guard is an empty module.
export {};
