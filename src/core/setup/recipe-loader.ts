// Reads every recipe file in a folder. A file with any error is reported (file, step, field) and
// left out entirely: a recipe is either fully valid or never offered, so nothing is half-run.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import { RecipeSchema, type Recipe } from './recipe-schema';

export interface LoadedRecipes {
  recipes: Recipe[];
  errors: string[];
}

const MAX_RECIPE_BYTES = 1024 * 1024;
const MAX_ISSUES_PER_FILE = 5;

export async function loadRecipes(dir: string): Promise<LoadedRecipes> {
  let names: string[];
  try {
    names = (await fs.readdir(dir)).filter((name) => name.endsWith('.json')).sort();
  } catch (error) {
    return { recipes: [], errors: [`${dir}: cannot read the recipes folder (${errorMessage(error)})`] };
  }
  const recipes: Recipe[] = [];
  const errors: string[] = [];
  const seenIds = new Map<string, string>();
  for (const name of names) {
    const result = await loadRecipeFile(path.join(dir, name));
    if (!result.ok) {
      errors.push(...result.errors);
      continue;
    }
    const earlier = seenIds.get(result.recipe.id);
    if (earlier) {
      errors.push(`${name}: id: recipe id "${result.recipe.id}" is already used by ${earlier}`);
      continue;
    }
    seenIds.set(result.recipe.id, name);
    recipes.push(result.recipe);
  }
  return { recipes, errors };
}

export type RecipeFileResult = { ok: true; recipe: Recipe } | { ok: false; errors: string[] };

export async function loadRecipeFile(filePath: string): Promise<RecipeFileResult> {
  const name = path.basename(filePath);
  let text: string;
  try {
    const stat = await fs.stat(filePath);
    if (stat.size > MAX_RECIPE_BYTES) return { ok: false, errors: [`${name}: file is too large`] };
    text = await fs.readFile(filePath, 'utf8');
  } catch (error) {
    return { ok: false, errors: [`${name}: cannot read (${errorMessage(error)})`] };
  }
  return parseRecipeText(name, text);
}

/** Parses one recipe file's text; `fileName` only labels the errors. */
export function parseRecipeText(fileName: string, text: string): RecipeFileResult {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return { ok: false, errors: [`${fileName}: invalid JSON (${errorMessage(error)})`] };
  }
  const parsed = RecipeSchema.safeParse(raw);
  if (parsed.success) return { ok: true, recipe: parsed.data };
  const errors = parsed.error.issues
    .slice(0, MAX_ISSUES_PER_FILE)
    .map((issue) => `${fileName}: ${describeIssue(raw, issue)}`);
  return { ok: false, errors };
}

/** `step "load-driver": run.timeoutSec: expected number` or `vendor: expected one of ...`. */
function describeIssue(raw: unknown, issue: z.core.$ZodIssue): string {
  const where = [...issue.path];
  let prefix = '';
  if (where[0] === 'steps' && typeof where[1] === 'number') {
    prefix = `step ${stepLabel(raw, where[1])}: `;
    where.splice(0, 2);
  }
  if (issue.code === 'unrecognized_keys') {
    const fields = issue.keys.map((key) => formatPath([...where, key])).join(', ');
    return `${prefix}${fields}: unknown field${issue.keys.length > 1 ? 's' : ''}`;
  }
  const field = where.length > 0 ? `${formatPath(where)}: ` : '';
  return `${prefix}${field}${issue.message.replace(/^Invalid input: /, '')}`;
}

function stepLabel(raw: unknown, index: number): string {
  const steps = isRecord(raw) && Array.isArray(raw.steps) ? raw.steps : [];
  const step: unknown = steps[index];
  if (isRecord(step) && typeof step.id === 'string' && step.id.length > 0) return JSON.stringify(step.id);
  return `#${index + 1}`;
}

function formatPath(parts: readonly PropertyKey[]): string {
  return parts
    .map((part, index) => (typeof part === 'number' ? `[${part}]` : `${index === 0 ? '' : '.'}${String(part)}`))
    .join('');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
