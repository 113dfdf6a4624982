import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Native and server-only packages stay out of the bundle.
  serverExternalPackages: ["@node-rs/argon2", "postgres", "bullmq", "ioredis", "pino"],
  // `npm test` typechecks the whole project (tests included) with tsc before building.
  typescript: { ignoreBuildErrors: true },
};

export default nextConfig;
