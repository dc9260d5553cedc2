import shell from '../../../locales/sq.json';

// The shell's messages in sq (sign-in, navigation, account): all a public page needs.
export default shell;
