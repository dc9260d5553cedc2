import nav from 'virtual:nav-messages/sq';
import shell from '../../../locales/sq.json';
import { withNav } from './merge';

// The shell's messages in sq (sign-in, navigation, account) and every module's navigation labels
// (scripts/navMessages.ts): all a public page and the signed-in frame need.
export default withNav(shell, nav);
