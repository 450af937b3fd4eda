// The names the suite used before it ran on ejabberd too, kept for the specs and helpers that still
// import them (spec/e2e among others). Everything here is spec/helpers/server.ts: `useProsody()` is
// the shared server of this run, which is ejabberd when SERVER=ejabberd.
export {
  COMPONENT_SECRET,
  GROUPS_DOMAIN,
  LISTS_DOMAIN,
  MANIFOLD_COMPONENTS,
  stopSharedServer as stopSharedProsody,
  useServer as useProsody,
} from "./server.js";
