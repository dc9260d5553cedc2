import nav from 'virtual:nav-messages/mk';
import shell from '../../../locales/mk.json';
import { withNav } from './merge';

// The shell's messages in mk (sign-in, navigation, account) and every module's navigation labels
// (scripts/navMessages.ts): all a public page and the signed-in frame need.
export default withNav(shell, nav);
