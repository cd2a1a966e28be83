/** Governance refusals (a wrong workflow step, bad input, an unknown round) as the CLI says them: the reason, exit 1. */
import { GovernanceError } from "@ilms/governance/errors";
import { EXIT, println } from "./command";
import type { CliIo } from "./command";

/** Runs `fn`; a {@link GovernanceError} is printed as `ilms <command>: <message>` and answers exit code 1. */
export async function refusing(io: CliIo, command: string, fn: () => Promise<number>): Promise<number> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof GovernanceError) {
      println(io.stderr, `ilms ${command}: ${error.message}`);
      return EXIT.rejected;
    }
    throw error;
  }
}
