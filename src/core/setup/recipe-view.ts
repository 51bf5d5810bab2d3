// What the UI is shown of a recipe: titles, reasons, requirement lines and the exact commands.
import type { RecipeView, StepView } from '../api/setup';
import { describeCommand } from './login-shell';
import type { Recipe, Step, StepRequirements } from './recipe-schema';

export function toRecipeView(recipe: Recipe): RecipeView {
  return {
    id: recipe.id,
    title: recipe.title,
    description: recipe.description,
    vendor: recipe.vendor,
    steps: recipe.steps.map(toStepView),
  };
}

export function toStepView(step: Step): StepView {
  return {
    id: step.id,
    title: step.title,
    why: step.why,
    estimatedMinutes: step.estimatedMinutes,
    requirements: requirementLines(step.requires),
    commands: (step.run?.commands ?? []).map(describeCommand),
    hasCheck: step.check !== undefined,
    hasVerify: step.verify !== undefined,
    manual: step.manual
      ? {
          instructions: step.manual.instructions,
          openUrl: step.manual.openUrl ?? null,
          openLabel: step.manual.openLabel ?? null,
        }
      : null,
    restartRequired: step.restartRequired === true,
  };
}

export function requirementLines(requires: StepRequirements | undefined): string[] {
  if (!requires) return [];
  const lines: string[] = [];
  if (requires.appleSilicon) lines.push('Apple Silicon');
  if (requires.minMacos) lines.push(`macOS ${requires.minMacos} or later`);
  if (requires.freeDiskGB !== undefined) lines.push(`${requires.freeDiskGB} GB free disk space`);
  if (requires.ramGB !== undefined) lines.push(`${requires.ramGB} GB of memory`);
  if (requires.gpuVendor) lines.push(requires.gpuVendor === 'nvidia' ? 'NVIDIA GPU' : 'AMD GPU');
  return lines;
}
