// Types of module-hooks.js, which is plain JavaScript so that it loads before TypeScript can.

/** Installs kconnect's module hooks once per process; true when this call installed them. */
export declare function installModuleHooks (): boolean
