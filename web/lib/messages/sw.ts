import shell from '../../../locales/sw.json';

// The shell's messages in sw (sign-in, navigation, account): all a public page needs.
export default shell;
