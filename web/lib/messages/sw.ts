import nav from 'virtual:nav-messages/sw';
import shell from '../../../locales/sw.json';
import { withNav } from './merge';

// The shell's messages in sw (sign-in, navigation, account) and every module's navigation labels
// (scripts/navMessages.ts): all a public page and the signed-in frame need.
export default withNav(shell, nav);
