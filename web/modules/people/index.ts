// What other web modules may use from people.
export { usePeople } from './people.queries';
