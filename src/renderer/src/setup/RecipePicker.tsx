import { chooseRecipe, recipeOf, useSetup } from './setup-store';

/** The recipe in use, preselected from the core's suggestion; another can be picked unless a step runs. */
export function RecipePicker() {
  const overview = useSetup((state) => state.overview);
  const progress = useSetup((state) => state.progress);
  const pending = useSetup((state) => state.pending);
  const recipe = useSetup(recipeOf);
  if (!overview) return null;
  if (overview.recipes.length === 0) return <p className="recipe-picker muted">No setup recipes are available.</p>;
  const running = progress?.activeSession != null;
  const suggested = overview.suggestedRecipeId;
  return (
    <div className="recipe-picker">
      <label>
        <span className="recipe-picker-label">Recipe</span>
        <select
          aria-label="Recipe"
          value={recipe?.id ?? ''}
          disabled={running || pending !== null}
          title={running ? 'Wait for the running step to finish, or cancel it, to change the recipe.' : undefined}
          onChange={(event) => void chooseRecipe(event.target.value)}
        >
          {!recipe && (
            <option value="" disabled>
              Choose the recipe for your GPU…
            </option>
          )}
          {overview.recipes.map((option) => (
            <option key={option.id} value={option.id}>
              {option.title}
              {option.id === suggested ? ' (suggested)' : ''}
            </option>
          ))}
        </select>
      </label>
      <p className="recipe-note" data-testid="recipe-note">
        {recipe ? recipe.description : overview.suggestionReason}
        {recipe && recipe.id === suggested && <span className="recipe-suggestion"> Suggested: {overview.suggestionReason}</span>}
      </p>
    </div>
  );
}
