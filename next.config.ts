import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Native and server-only packages stay out of the bundle.
  serverExternalPackages: ["@node-rs/argon2", "postgres", "bullmq", "ioredis", "pino"],
  typedRoutes: false,
};

export default nextConfig;
