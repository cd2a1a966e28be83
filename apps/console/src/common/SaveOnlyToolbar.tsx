import { SaveButton, Toolbar } from "react-admin";

/** For records the API never deletes (sources, code lists, rounds, users are deactivated instead). */
export function SaveOnlyToolbar() {
  return (
    <Toolbar>
      <SaveButton />
    </Toolbar>
  );
}
