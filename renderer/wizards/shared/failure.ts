import { errorField, fieldMessage, type IpcError } from '../../ipc/client.js';

interface FailureRoutes<F extends string> {
  /** The wizard's field for the path main named, if it has one. */
  readonly fieldFromPath: (path: string) => F | undefined;
  /** Main refused a field: the wizard takes the user to it, with main's words next to it. */
  readonly onField: (field: F, message: string) => void;
  /** Anything else: the wizard shows it. */
  readonly onOther: (error: IpcError) => void;
}

/** Where a refusal from main goes: to the field it names, or to the wizard's error. (A locked vault: the App shows the unlock screen.) */
export function routeFailure<F extends string>(error: IpcError, routes: FailureRoutes<F>): void {
  const path = errorField(error);
  const field = path ? routes.fieldFromPath(path) : undefined;
  if (field) return routes.onField(field, fieldMessage(error));
  routes.onOther(error);
}
