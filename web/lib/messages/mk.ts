import shell from '../../../locales/mk.json';

// The shell's messages in mk (sign-in, navigation, account): all a public page needs.
export default shell;
